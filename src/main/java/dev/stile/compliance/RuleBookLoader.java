package dev.stile.compliance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and checks the rule files. Any mistake in the data (a typo in a field name, an
 * unknown method, a rule without a citation, a state lowering a federal floor) stops the
 * server from starting rather than producing a wrong ruling later.
 */
final class RuleBookLoader {

	static final String CLASSPATH_LOCATION = "classpath*:compliance/*.yaml";

	private static final String META_FILE = "meta.yaml";

	private static final String OVERRIDES = "(STILE_COMPLIANCE_OVERRIDES_DIR)";

	private static final Set<String> CONFIDENCES = Set.of("high", "medium", "low");

	private static final List<String> STATUSES = List.of(RuleEntry.PERMITTED, RuleEntry.PROHIBITED, RuleEntry.ENJOINED);

	private static final YAMLMapper MAPPER = YAMLMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private RuleBookLoader() {
	}

	static RuleBook load(String locationPattern) {
		return load(locationPattern, null);
	}

	/**
	 * The shipped rule files, with the operator's override files laid over them: a rule
	 * of an override file replaces the shipped rule for its jurisdiction and use case, a
	 * file-wide field replaces the shipped one, and a jurisdiction the dataset lacks is
	 * added. The result is checked as a whole, like the shipped files alone.
	 */
	static RuleBook load(String locationPattern, @Nullable Path overridesDir) {
		RuleBook shipped = read(locationPattern);
		if (overridesDir == null) {
			validate(shipped);
			return shipped;
		}
		check(Files.isDirectory(overridesDir), OVERRIDES, overridesDir + " is not a directory");
		Resource[] resources = resources(overridesDir.toUri() + "*.yaml");
		check(resources.length > 0, OVERRIDES, overridesDir + " has no *.yaml rule files");
		Map<String, RuleFile> files = new LinkedHashMap<>(shipped.files());
		Set<String> operatorRules = new TreeSet<>();
		for (Resource resource : resources) {
			String name = OVERRIDES + " " + resource.getFilename();
			check(!META_FILE.equals(resource.getFilename()), name,
					"the dataset's version is not overridden; remove " + META_FILE);
			RuleFile file = read(resource, RuleFile.class);
			String expected = String.valueOf(resource.getFilename()).replaceFirst("\\.yaml$", "");
			check(expected.equals(file.code()), name, "code '" + file.code() + "' does not match the file name");
			check(!file.isDefault(), name, "the conservative default is not overridden; override a jurisdiction");
			check(Jurisdiction.isValid(file.code()), name, "code is not an ISO 3166 code");
			RuleFile base = files.get(file.code());
			files.put(file.code(), (base != null) ? overlay(base, file) : file);
			file.rules().keySet().forEach((useCase) -> operatorRules.add(RuleBook.operatorKey(file.code(), useCase)));
		}
		RuleBook book = new RuleBook(shipped.version(), shipped.defaults(), files, operatorRules);
		validate(book);
		return book;
	}

	private static RuleFile overlay(RuleFile base, RuleFile override) {
		Map<String, RuleEntry> rules = new LinkedHashMap<>(base.rules());
		rules.putAll(override.rules());
		return new RuleFile(base.code(), either(override.name(), base.name()), either(override.euEea(), base.euEea()),
				either(override.mdl(), base.mdl()), either(override.ruleDefaults(), base.ruleDefaults()),
				either(override.confidence(), base.confidence()), either(override.note(), base.note()), rules);
	}

	private static <T> @Nullable T either(@Nullable T preferred, @Nullable T otherwise) {
		return (preferred != null) ? preferred : otherwise;
	}

	private static Resource[] resources(String locationPattern) {
		try {
			return new PathMatchingResourcePatternResolver().getResources(locationPattern);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list compliance rule files at " + locationPattern, ex);
		}
	}

	private static RuleBook read(String locationPattern) {
		Resource[] resources;
		try {
			resources = new PathMatchingResourcePatternResolver().getResources(locationPattern);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list compliance rule files at " + locationPattern, ex);
		}
		RuleMeta meta = null;
		RuleFile defaults = null;
		Map<String, RuleFile> files = new LinkedHashMap<>();
		for (Resource resource : resources) {
			String name = String.valueOf(resource.getFilename());
			if (META_FILE.equals(name)) {
				meta = read(resource, RuleMeta.class);
				continue;
			}
			RuleFile file = read(resource, RuleFile.class);
			String expected = name.substring(0, name.length() - ".yaml".length());
			check(expected.equals(file.code()), name, "code '" + file.code() + "' does not match the file name");
			if (file.isDefault()) {
				defaults = file;
			}
			else {
				check(Jurisdiction.isValid(file.code()), name, "code is not an ISO 3166 code");
				check(files.put(expected, file) == null, name, "duplicate file");
			}
		}
		check(meta != null && meta.version() != null && !meta.version().isBlank(), META_FILE,
				"missing, or without a version");
		check(defaults != null, RuleFile.DEFAULT_CODE + ".yaml", "missing");
		return new RuleBook(meta.version(), defaults, files);
	}

	private static <T> T read(Resource resource, Class<T> type) {
		try (InputStream in = resource.getInputStream()) {
			T value = MAPPER.readValue(in, type);
			check(value != null, String.valueOf(resource.getFilename()), "empty");
			return value;
		}
		catch (IOException | JacksonException ex) {
			throw new IllegalStateException(
					"Malformed compliance rule file " + resource.getFilename() + ": " + ex.getMessage(), ex);
		}
	}

	private static void validate(RuleBook book) {
		List<RuleFile> all = new ArrayList<>(book.files().values());
		all.add(book.defaults());
		for (RuleFile file : all) {
			validateFile(book, file);
		}
		for (RuleFile file : all) {
			Jurisdiction jurisdiction = file.isDefault() ? Jurisdiction.of("ZZ") : Jurisdiction.of(file.code());
			String fileName = file.code() + ".yaml";
			JurisdictionProfile profile = attempt(fileName, () -> book.profile(jurisdiction));
			check(profile.mdlLegallyRecognized() || profile.mdlAcceptanceStatus() == MdlAcceptance.NONE, fileName,
					"mdl acceptance must be none where mobile licences are not legally recognised");
			// Every date on which a rule of the chain starts or changes, and before any.
			Set<LocalDate> dates = new TreeSet<>(List.of(LocalDate.of(1900, 1, 1)));
			book.chain(jurisdiction).forEach((link) -> dates.addAll(effectiveDates(link)));
			for (LocalDate date : dates) {
				for (String useCase : book.useCases()) {
					UseCaseRuling ruling = attempt(fileName, () -> book.ruling(jurisdiction, useCase, date));
					check(ruling.legalCitations().stream().anyMatch((citation) -> citation.url() != null),
							fileName + " " + useCase, "no citation with a URL on " + date);
				}
			}
		}
	}

	private static Set<LocalDate> effectiveDates(RuleFile file) {
		Set<LocalDate> dates = new TreeSet<>();
		for (RuleEntry rule : file.rules().values()) {
			if (rule.effectiveDate() != null) {
				dates.add(rule.effectiveDate());
			}
			if (rule.endDate() != null) {
				dates.add(rule.endDate());
			}
			if (rule.revisions() != null) {
				rule.revisions().forEach((revision) -> dates.add(revision.effectiveDate()));
			}
		}
		return dates;
	}

	private static void validateFile(RuleBook book, RuleFile file) {
		String name = file.code() + ".yaml";
		check(file.name() != null && !file.name().isBlank(), name, "name is required");
		checkConfidence(name, file.confidence());
		boolean subdivision = !file.isDefault() && Jurisdiction.of(file.code()).subdivision().isPresent();
		RuleFile country = subdivision ? book.files().get(Jurisdiction.of(file.code()).country()) : null;
		check(!subdivision || country != null, name, "no file for its country");
		check(!subdivision || file.euEea() == null, name, "eu_eea belongs in the country's file");
		if (file.mdl() != null) {
			MdlFacts mdl = file.mdl();
			if (mdl.acceptance() != null) {
				attempt(name, () -> RuleBook.mdlAcceptance(mdl.acceptance()));
			}
			checkConfidence(name, mdl.confidence());
			if (mdl.acceptedIssuers() != null) {
				check(!mdl.acceptedIssuers().isEmpty(), name, "mdl.accepted_issuers must name at least one issuer");
				for (String issuer : mdl.acceptedIssuers()) {
					check(Jurisdiction.isValid(issuer), name,
							"mdl.accepted_issuers holds '" + issuer + "', not a jurisdiction code");
				}
			}
		}
		if (file.ruleDefaults() != null) {
			validateEntry(name + " rule_defaults", file.ruleDefaults());
		}
		for (Map.Entry<String, RuleEntry> entry : file.rules().entrySet()) {
			String useCase = entry.getKey();
			String where = name + " rule " + useCase;
			RuleEntry rule = entry.getValue();
			check(book.useCases().contains(useCase), where, "unknown use case (not in default.yaml)");
			validateRule(book, file, where, rule);
			List<RuleEntry> versions = new ArrayList<>(List.of(rule));
			if (rule.revisions() != null) {
				versions.addAll(rule.revisions());
			}
			for (RuleEntry floorRule : floors(book, file, country, useCase)) {
				AgeTier floor = RuleBook.ageTier(floorRule.ageTier());
				for (RuleEntry version : versions) {
					if (version != floorRule && version.ageTier() != null) {
						check(RuleBook.ageTier(version.ageTier()).satisfies(floor), where,
								"age_tier " + version.ageTier() + " lowers the floor " + floorRule.ageTier());
					}
				}
			}
		}
	}

	// Floors a rule must respect: its country's rule for the use case or the use case it
	// narrows, and its own file's rule for the use case it narrows.
	private static List<RuleEntry> floors(RuleBook book, RuleFile file, @Nullable RuleFile country, String useCase) {
		List<RuleEntry> floors = new ArrayList<>();
		String narrowed = book.narrowed(useCase);
		List<RuleFile> above = (country != null) ? List.of(country, file) : List.of(file);
		for (RuleFile source : above) {
			for (String member : (narrowed != null) ? List.of(useCase, narrowed) : List.of(useCase)) {
				RuleEntry candidate = source.rules().get(member);
				boolean own = source == file && member.equals(useCase);
				if (!own && candidate != null && Boolean.TRUE.equals(candidate.floor())) {
					floors.add(candidate);
				}
			}
		}
		return floors;
	}

	private static void validateRule(RuleBook book, RuleFile file, String where, RuleEntry rule) {
		validateEntry(where, rule);
		check(!Boolean.TRUE.equals(rule.floor()) || rule.ageTier() != null, where, "a floor needs an age_tier");
		check(rule.confidence() != null, where, "confidence is required");
		check(rule.lastReviewed() != null, where, "last_reviewed is required");
		attempt(where, () -> RuleEntry.date(rule.lastReviewed()));
		if (file.isDefault()) {
			// The default answers on every date, so it cannot start on one.
			check(rule.effectiveFrom() == null && rule.effectiveUntil() == null && rule.revisions() == null, where,
					"the default's rules take no effective_from, effective_until or revisions");
			if (rule.narrows() != null) {
				check(file.rules().containsKey(rule.narrows()) && book.narrowed(rule.narrows()) == null, where,
						"narrows must name a use case of default.yaml that narrows none");
				return;
			}
		}
		else {
			check(rule.narrows() == null, where, "narrows belongs in default.yaml");
			check(rule.effectiveFrom() != null, where,
					"effective_from is required (a date, or " + RuleEntry.UNDATED + " when the sources give none)");
			attempt(where, rule::effectiveDate);
			if (rule.effectiveUntil() != null) {
				LocalDate until = attempt(where, rule::endDate);
				check(rule.effectiveDate() == null || until.isAfter(rule.effectiveDate()), where,
						"effective_until must be after effective_from");
			}
		}
		check(hasUrl(rule.citations()), where, "needs at least one citation with a URL (title — https://...)");
		if (rule.revisions() != null) {
			Set<LocalDate> seen = new TreeSet<>();
			for (RuleEntry revision : rule.revisions()) {
				String at = where + " revision " + revision.effectiveFrom();
				validateEntry(at, revision);
				check(revision.effectiveFrom() != null && !RuleEntry.UNDATED.equals(revision.effectiveFrom()), at,
						"a revision needs an effective_from date");
				LocalDate date = attempt(at, revision::effectiveDate);
				check(seen.add(date), at, "two revisions on the same date");
				check(rule.effectiveDate() == null || date.isAfter(rule.effectiveDate()), at,
						"a revision must start after its rule");
				check(revision.revisions() == null && revision.narrows() == null && revision.floor() == null
						&& revision.effectiveUntil() == null, at,
						"a revision takes no revisions, narrows, floor or effective_until (it ends with the next revision or its rule)");
				check(rule.endDate() == null || date.isBefore(rule.endDate()), at,
						"a revision must start before its rule's effective_until");
				check(revision.citations() == null || hasUrl(revision.citations()), at,
						"needs at least one citation with a URL (title — https://...)");
				if (revision.lastReviewed() != null) {
					attempt(at, () -> RuleEntry.date(revision.lastReviewed()));
				}
			}
		}
	}

	private static boolean hasUrl(@Nullable List<String> citations) {
		return citations != null && citations.stream().map(LegalCitation::parse).anyMatch((c) -> c.url() != null);
	}

	private static void validateEntry(String where, RuleEntry rule) {
		if (rule.citations() != null) {
			check(rule.citations().stream().noneMatch(String::isBlank), where, "blank citation");
		}
		if (rule.status() != null) {
			check(STATUSES.contains(rule.status()), where, "status must be one of " + STATUSES);
			check(!RuleEntry.PROHIBITED.equals(rule.status()) || rule.prohibitedReason() != null, where,
					"a prohibited rule needs a prohibited_reason");
			boolean enjoined = RuleEntry.ENJOINED.equals(rule.status());
			check(!enjoined || (rule.enjoinedBy() != null && LegalCitation.parse(rule.enjoinedBy()).url() != null),
					where, "an enjoined rule needs enjoined_by: the court order, with a URL (title — https://...)");
			check(!enjoined || (rule.meanwhile() != null && !rule.meanwhile().isBlank()), where,
					"an enjoined rule needs meanwhile: what applies while the statute is blocked");
			check(enjoined || (rule.enjoinedBy() == null && rule.meanwhile() == null), where,
					"enjoined_by and meanwhile belong to an enjoined rule");
		}
		if (rule.ageTier() != null) {
			attempt(where, () -> RuleBook.ageTier(rule.ageTier()));
		}
		if (rule.mdlAcceptance() != null) {
			attempt(where, () -> RuleBook.mdlAcceptance(rule.mdlAcceptance()));
		}
		if (rule.allowedMethods() != null) {
			check(!rule.allowedMethods().isEmpty(), where, "allowed_methods is empty");
			rule.allowedMethods().forEach((method) -> attempt(where, () -> RuleBook.method(method)));
		}
		checkNotNegative(where, "data_retention_days", rule.dataRetentionDays());
		checkNotNegative(where, "biometric_retention_days", rule.biometricRetentionDays());
		checkNotNegative(where, "credential_validity_days", rule.credentialValidityDays());
		checkConfidence(where, rule.confidence());
	}

	private static void checkNotNegative(String where, String field, @Nullable Integer value) {
		check(value == null || value >= 0, where, field + " is negative");
	}

	private static void checkConfidence(String where, @Nullable String confidence) {
		check(confidence == null || CONFIDENCES.contains(confidence), where,
				"confidence must be one of " + CONFIDENCES);
	}

	private static <T> T attempt(String where, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid compliance rule file " + where + ": " + ex.getMessage(), ex);
		}
	}

	private static void check(boolean condition, String where, String problem) {
		if (!condition) {
			throw new IllegalStateException("Invalid compliance rule file " + where + ": " + problem);
		}
	}

}
