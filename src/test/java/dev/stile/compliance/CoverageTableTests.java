package dev.stile.compliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's table of what the rule files cover, rendered from the files. Fails when
 * the README is stale; run with {@code -Dstile.compliance.write-readme=true} to rewrite
 * it.
 */
class CoverageTableTests {

	static final String START = "<!-- compliance-coverage:start -->";

	static final String END = "<!-- compliance-coverage:end -->";

	private static final Path README = Path.of("README.md");

	@Test
	void readmeCoverageTableMatchesTheRuleFiles() throws IOException {
		String readme = Files.readString(README);
		int start = readme.indexOf(START);
		int end = readme.indexOf(END);
		assertThat(start).as("README has " + START).isNotNegative();
		assertThat(end).as("README has " + END).isGreaterThan(start);
		String fresh = render(RuleBookLoader.load(RuleBookLoader.CLASSPATH_LOCATION));
		String current = readme.substring(start + START.length(), end);
		if (current.equals(fresh)) {
			return;
		}
		if (Boolean.getBoolean("stile.compliance.write-readme")) {
			Files.writeString(README, readme.substring(0, start + START.length()) + fresh + readme.substring(end));
			return;
		}
		fail("README.md's compliance coverage is stale. Regenerate it with "
				+ "./mvnw test -Dtest=CoverageTableTests -Dstile.compliance.write-readme=true, or paste:\n" + START
				+ fresh + END);
	}

	/**
	 * The coverage as Markdown: counts, a table of minimum ages per jurisdiction and use
	 * case as the rules stand on the dataset's version date, and the changes scheduled
	 * after it.
	 */
	static String render(RuleBook book) {
		LocalDate asOf = LocalDate.parse(book.version());
		List<String> useCases = List.copyOf(book.useCases());
		List<RuleFile> files = new ArrayList<>(book.files().values());
		files.sort(Comparator.comparing(CoverageTableTests::order).thenComparing(RuleFile::code));
		StringBuilder out = new StringBuilder("\n");
		out.append(summary(book, files)).append("\n\n");
		out.append(byCountry(files)).append("\n");
		out.append("<details><summary>Minimum age per jurisdiction and use case, as of ")
			.append(asOf)
			.append("</summary>\n\n");
		out.append("Each cell is the minimum age; `✕` means the use case is prohibited there, `ID` that a physical ID "
				+ "is also checked at hand-over, and *italics* that no rule of the jurisdiction or its country "
				+ "covers it, so the conservative default answers.\n\n");
		out.append("| jurisdiction | ").append(String.join(" | ", useCases)).append(" |\n");
		out.append("|---|").append("---|".repeat(useCases.size())).append("\n");
		for (RuleFile file : files) {
			out.append(row(book, Jurisdiction.of(file.code()), file.code() + " " + file.name(), useCases, asOf));
		}
		out.append(row(book, Jurisdiction.of("ZZ"), "any other country (default)", useCases, asOf));
		out.append("\n</details>\n\n");
		out.append(scheduled(book, asOf)).append("\n");
		return out.toString();
	}

	private static String summary(RuleBook book, List<RuleFile> files) {
		Map<String, Long> countries = files.stream()
			.collect(Collectors.groupingBy((file) -> file.code().substring(0, 2), TreeMap::new, Collectors.counting()));
		long usSubdivisions = countries.getOrDefault("US", 0L) - 1;
		long caSubdivisions = countries.getOrDefault("CA", 0L) - 1;
		long otherCountries = countries.keySet().stream().filter((c) -> !c.equals("US") && !c.equals("CA")).count();
		List<RuleEntry> rules = new ArrayList<>();
		files.forEach((file) -> rules.addAll(file.rules().values()));
		Map<String, Long> confidence = rules.stream()
			.collect(Collectors.groupingBy(RuleEntry::confidence, TreeMap::new, Collectors.counting()));
		long dated = rules.stream().filter((rule) -> rule.effectiveDate() != null).count();
		long enjoined = rules.stream().filter(CoverageTableTests::enjoinedAtSomeTime).count();
		return "Dataset `" + book.version() + "`: " + files.size() + " jurisdiction files — the United States with "
				+ usSubdivisions + " subdivisions; Canada with " + caSubdivisions + " subdivisions; " + otherCountries
				+ " other countries ("
				+ String.join(", ",
						countries.keySet().stream().filter((c) -> !c.equals("US") && !c.equals("CA")).toList())
				+ ") — plus the conservative default for everywhere else, " + book.useCases().size() + " use cases and "
				+ rules.size() + " rules (confidence: " + confidence.getOrDefault("high", 0L) + " high, "
				+ confidence.getOrDefault("medium", 0L) + " medium, " + confidence.getOrDefault("low", 0L) + " low; "
				+ dated + " with a dated effective_from, " + percent(dated, rules.size()) + "; " + enjoined
				+ " with an enjoined period). Dated shares by country below; see "
				+ "src/main/resources/compliance/CHANGELOG.md for what changed per version.";
	}

	private static boolean enjoinedAtSomeTime(RuleEntry rule) {
		return RuleEntry.ENJOINED.equals(rule.status()) || (rule.revisions() != null
				&& rule.revisions().stream().anyMatch((revision) -> RuleEntry.ENJOINED.equals(revision.status())));
	}

	private static String percent(long part, long whole) {
		return (whole == 0) ? "0%" : Math.round(100.0 * part / whole) + "%";
	}

	/**
	 * One row per country: its subdivision files, rules, confidence and the share of
	 * rules whose effective_from is dated.
	 */
	private static String byCountry(List<RuleFile> files) {
		Map<String, List<RuleFile>> countries = new TreeMap<>();
		files.forEach(
				(file) -> countries.computeIfAbsent(file.code().substring(0, 2), (c) -> new ArrayList<>()).add(file));
		StringBuilder out = new StringBuilder(
				"| country | name | subdivisions | rules | high | medium | low | dated |\n|---|---|---|---|---|---|---|---|\n");
		List<String> order = new ArrayList<>(countries.keySet());
		order.sort(Comparator.comparing((String code) -> order(countries.get(code).get(0))).thenComparing((c) -> c));
		for (String code : order) {
			List<RuleFile> group = countries.get(code);
			List<RuleEntry> rules = new ArrayList<>();
			group.forEach((file) -> rules.addAll(file.rules().values()));
			Map<String, Long> confidence = rules.stream()
				.collect(Collectors.groupingBy(RuleEntry::confidence, TreeMap::new, Collectors.counting()));
			long dated = rules.stream().filter((rule) -> rule.effectiveDate() != null).count();
			String name = group.stream()
				.filter((file) -> file.code().equals(code))
				.map(RuleFile::name)
				.findFirst()
				.orElse("");
			out.append("| ")
				.append(code)
				.append(" | ")
				.append(name)
				.append(" | ")
				.append(group.stream().filter((file) -> !file.code().equals(code)).count())
				.append(" | ")
				.append(rules.size())
				.append(" | ")
				.append(confidence.getOrDefault("high", 0L))
				.append(" | ")
				.append(confidence.getOrDefault("medium", 0L))
				.append(" | ")
				.append(confidence.getOrDefault("low", 0L))
				.append(" | ")
				.append(percent(dated, rules.size()))
				.append(" |\n");
		}
		return out.toString();
	}

	private static String row(RuleBook book, Jurisdiction jurisdiction, String label, List<String> useCases,
			LocalDate asOf) {
		StringBuilder row = new StringBuilder("| ").append(label).append(" |");
		for (String useCase : useCases) {
			UseCaseRuling ruling = book.ruling(jurisdiction, useCase, asOf);
			String cell = ruling.prohibited() ? "✕"
					: ruling.requiredAgeTier().minimumAge() + (ruling.physicalCheckRequired() ? " ID" : "");
			row.append(' ').append(ruling.fallbackApplied() ? "*" + cell + "*" : cell).append(" |");
		}
		return row.append('\n').toString();
	}

	private static String scheduled(RuleBook book, LocalDate asOf) {
		List<String> changes = new ArrayList<>();
		for (RuleFile file : book.files().values()) {
			file.rules().forEach((useCase, rule) -> {
				List<RuleEntry> versions = new ArrayList<>(List.of(rule));
				if (rule.revisions() != null) {
					versions.addAll(rule.revisions());
				}
				for (RuleEntry version : versions) {
					if (version.effectiveDate() != null && version.effectiveDate().isAfter(asOf)) {
						changes.add("- " + version.effectiveDate() + ": " + file.code() + " " + useCase
								+ ((version.note() != null) ? " — " + version.note() : ""));
					}
				}
			});
		}
		changes.sort(null);
		return "Scheduled changes after " + asOf + ": "
				+ (changes.isEmpty() ? "none.\n" : "\n\n" + String.join("\n", changes) + "\n");
	}

	// The United States, then Canada, then Europe, each country before its subdivisions.
	private static int order(RuleFile file) {
		return switch (file.code().substring(0, 2)) {
			case "US" -> 0;
			case "CA" -> 1;
			default -> 2;
		};
	}

}
