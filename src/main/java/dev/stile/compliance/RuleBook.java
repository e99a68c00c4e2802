package dev.stile.compliance;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.stile.method.VerificationMethod;

/**
 * The loaded rule files, and how a ruling is read from them: the most specific file that
 * says something wins, subdivision before country before default, and a rule's own field
 * before the file-wide defaults.
 */
final class RuleBook {

	private static final String JURISDICTION_PLACEHOLDER = "{jurisdiction}";

	private final String version;

	private final RuleFile defaults;

	private final Map<String, RuleFile> files;

	// "US-TX/alcohol_delivery": the rules an operator's override file supplied.
	private final Set<String> operatorRules;

	RuleBook(String version, RuleFile defaults, Map<String, RuleFile> files) {
		this(version, defaults, files, Set.of());
	}

	RuleBook(String version, RuleFile defaults, Map<String, RuleFile> files, Set<String> operatorRules) {
		this.version = version;
		this.defaults = defaults;
		this.files = Map.copyOf(files);
		this.operatorRules = Set.copyOf(operatorRules);
	}

	static String operatorKey(String code, String useCase) {
		return code + "/" + useCase;
	}

	Set<String> operatorRules() {
		return this.operatorRules;
	}

	String version() {
		return this.version;
	}

	Set<String> useCases() {
		return this.defaults.rules().keySet();
	}

	RuleFile defaults() {
		return this.defaults;
	}

	Map<String, RuleFile> files() {
		return this.files;
	}

	JurisdictionProfile profile(Jurisdiction jurisdiction) {
		List<RuleFile> chain = chain(jurisdiction);
		boolean recognized = required(chain, "mdl.legally_recognized",
				(file) -> (file.mdl() != null) ? file.mdl().legallyRecognized() : null);
		MdlAcceptance acceptance = mdlAcceptance(
				required(chain, "mdl.acceptance", (file) -> (file.mdl() != null) ? file.mdl().acceptance() : null));
		boolean euEea = required(chain, "eu_eea", RuleFile::euEea);
		return new JurisdictionProfile(jurisdiction.code(), recognized, acceptance, euEea,
				!this.files.containsKey(jurisdiction.code()), this.version);
	}

	@Nullable List<String> acceptedMdlIssuers(Jurisdiction jurisdiction) {
		for (RuleFile file : chain(jurisdiction)) {
			if (file.mdl() != null && file.mdl().acceptedIssuers() != null) {
				return file.mdl().acceptedIssuers();
			}
		}
		return null;
	}

	/** The use case whose rules apply where a jurisdiction has none for this sub-type. */
	@Nullable String narrowed(String useCase) {
		RuleEntry rule = this.defaults.rules().get(useCase);
		return (rule != null) ? rule.narrows() : null;
	}

	UseCaseRuling ruling(Jurisdiction jurisdiction, String useCase, LocalDate date) {
		JurisdictionProfile profile = profile(jurisdiction);
		List<RuleFile> chain = chain(jurisdiction);
		List<String> family = family(useCase);
		List<RuleEntry> layers = layers(chain, family, date);
		String status = required(layers, useCase, "status", RuleEntry::status);
		boolean prohibited = RuleEntry.PROHIBITED.equals(status);
		boolean enjoined = RuleEntry.ENJOINED.equals(status);
		AgeTier tier = ageTier(required(layers, useCase, "age_tier", RuleEntry::ageTier));
		MdlAcceptance mdl = mdlAcceptance(required(layers, useCase, "mdl_acceptance", RuleEntry::mdlAcceptance));
		boolean physicalCheck = required(layers, useCase, "physical_check_required", RuleEntry::physicalCheckRequired);
		List<VerificationMethod> methods = required(layers, useCase, "allowed_methods", RuleEntry::allowedMethods)
			.stream()
			.map(RuleBook::method)
			// A method the jurisdiction cannot offer is not an allowed method there.
			.filter((method) -> method != VerificationMethod.MDL || mdl != MdlAcceptance.NONE)
			.filter((method) -> method != VerificationMethod.EUDI_PID || profile.euEea())
			.toList();
		String place = required(chain, "name", RuleFile::name);
		String reason = prohibited ? required(layers, useCase, "prohibited_reason", RuleEntry::prohibitedReason)
			.replace(JURISDICTION_PLACEHOLDER, place) : null;
		String message = (reason != null) ? reason : message(layers, useCase, tier, physicalCheck, place);
		Governing governing = governing(chain, family, date);
		boolean definedHere = governing != null;
		LocalDate from = definedHere ? governing.entries().get(0).effectiveDate() : null;
		LocalDate until = definedHere ? governing.entries().get(governing.entries().size() - 1).endDate() : null;
		String source = (definedHere
				&& this.operatorRules.contains(operatorKey(governing.file().code(), governing.useCase())))
						? UseCaseRuling.SOURCE_OPERATOR : UseCaseRuling.SOURCE_DATASET;
		LegalCitation enjoinedBy = enjoined
				? LegalCitation.parse(required(layers, useCase, "enjoined_by", RuleEntry::enjoinedBy)) : null;
		String meanwhile = enjoined ? required(layers, useCase, "meanwhile", RuleEntry::meanwhile) : null;
		return new UseCaseRuling(useCase, jurisdiction.code(), prohibited, reason, tier, methods, mdl,
				profile.mdlLegallyRecognized(), physicalCheck, first(layers, RuleEntry::regulator),
				citations(chain, family, date), message,
				required(layers, useCase, "data_retention_days", RuleEntry::dataRetentionDays),
				required(layers, useCase, "biometric_retention_days", RuleEntry::biometricRetentionDays),
				required(layers, useCase, "consent_required", RuleEntry::consentRequired),
				first(layers, RuleEntry::credentialValidityDays), this.version,
				profile.fallbackApplied() || !definedHere, status, enjoinedBy, meanwhile, from, until, source);
	}

	/**
	 * The rule that governs a ruling: the first file of the chain, subdivision before
	 * country, with a rule in force for the use case, then for the use case it narrows;
	 * {@code null} when only the default answers.
	 */
	private static @Nullable Governing governing(List<RuleFile> chain, List<String> family, LocalDate date) {
		for (String member : family) {
			for (RuleFile file : chain) {
				if (!file.isDefault()) {
					List<RuleEntry> entries = entries(file, member, date);
					if (!entries.isEmpty()) {
						return new Governing(file, member, entries);
					}
				}
			}
		}
		return null;
	}

	private record Governing(RuleFile file, String useCase, List<RuleEntry> entries) {
	}

	private String message(List<RuleEntry> layers, String useCase, AgeTier tier, boolean physicalCheck, String place) {
		String activity = required(layers, useCase, "activity", RuleEntry::activity);
		String message = "You must be " + tier.minimumAge() + " or older to " + activity + " in " + place + ".";
		if (physicalCheck) {
			message += " " + required(layers, useCase, "check_notice", RuleEntry::checkNotice);
		}
		return message;
	}

	// The default's citations speak only when no real jurisdiction has a rule of its own;
	// a file's citations for all its rules (privacy law) come last.
	private List<LegalCitation> citations(List<RuleFile> chain, List<String> family, LocalDate date) {
		Set<String> citations = new LinkedHashSet<>();
		for (String useCase : family) {
			for (RuleFile file : chain) {
				if (!file.isDefault()) {
					citations.addAll(citationsOf(entries(file, useCase, date)));
				}
			}
		}
		for (String useCase : family) {
			if (citations.isEmpty()) {
				citations.addAll(citationsOf(entries(this.defaults, useCase, date)));
			}
		}
		for (RuleFile file : chain) {
			if (!file.isDefault() && file.ruleDefaults() != null && file.ruleDefaults().citations() != null) {
				citations.addAll(file.ruleDefaults().citations());
			}
		}
		return citations.stream().map(LegalCitation::parse).toList();
	}

	// A revision that names citations replaces the rule's; otherwise the rule's stand.
	private static List<String> citationsOf(List<RuleEntry> entries) {
		return entries.stream().map(RuleEntry::citations).filter(Objects::nonNull).findFirst().orElse(List.of());
	}

	List<RuleFile> chain(Jurisdiction jurisdiction) {
		List<RuleFile> chain = new ArrayList<>(3);
		if (jurisdiction.subdivision().isPresent() && this.files.containsKey(jurisdiction.code())) {
			chain.add(this.files.get(jurisdiction.code()));
		}
		if (this.files.containsKey(jurisdiction.country())) {
			chain.add(this.files.get(jurisdiction.country()));
		}
		chain.add(this.defaults);
		return chain;
	}

	// A sub-type (beer and wine) is followed by the use case it narrows (any alcohol).
	private List<String> family(String useCase) {
		String narrowed = narrowed(useCase);
		return (narrowed != null) ? List.of(useCase, narrowed) : List.of(useCase);
	}

	/**
	 * A file's rule for the use case as it stands on {@code date}: its revisions in
	 * force, newest first, then the rule itself; empty if the file has no rule in force
	 * then.
	 */
	static List<RuleEntry> entries(RuleFile file, String useCase, LocalDate date) {
		RuleEntry rule = file.rules().get(useCase);
		if (rule == null || !rule.inEffectOn(date)) {
			return List.of();
		}
		List<RuleEntry> entries = new ArrayList<>();
		if (rule.revisions() != null) {
			rule.revisions()
				.stream()
				.filter((revision) -> revision.inEffectOn(date))
				.sorted(Comparator
					.comparing(RuleEntry::effectiveDate, Comparator.nullsFirst(Comparator.<LocalDate>naturalOrder()))
					.reversed())
				.forEach(entries::add);
		}
		entries.add(rule);
		return entries;
	}

	// The jurisdictions' rules for the use case come before any file-wide value, so a
	// federal rule (US firearms: no mDL) beats a state's general mDL acceptance. A
	// sub-type's own rules come first, then those of the use case it narrows, then the
	// default's.
	private static List<RuleEntry> layers(List<RuleFile> chain, List<String> family, LocalDate date) {
		List<RuleEntry> layers = new ArrayList<>();
		for (String useCase : family) {
			chain.stream()
				.filter((file) -> !file.isDefault())
				.forEach((file) -> layers.addAll(entries(file, useCase, date)));
		}
		RuleFile defaults = chain.get(chain.size() - 1);
		for (String useCase : family) {
			layers.addAll(entries(defaults, useCase, date));
		}
		for (RuleFile file : chain) {
			if (file.ruleDefaults() != null) {
				layers.add(file.ruleDefaults());
			}
			if (file.mdl() != null) {
				layers.add(RuleEntry.mdlAcceptance(file.mdl().acceptance()));
			}
		}
		return layers;
	}

	private static <T> @Nullable T first(List<RuleEntry> layers, Function<RuleEntry, @Nullable T> field) {
		return layers.stream().map(field).filter(Objects::nonNull).findFirst().orElse(null);
	}

	private static <T> T required(List<RuleEntry> layers, String useCase, String name,
			Function<RuleEntry, @Nullable T> field) {
		T value = first(layers, field);
		if (value == null) {
			throw new IllegalStateException("No value for " + name + " of use case " + useCase);
		}
		return value;
	}

	private static <T> T required(List<RuleFile> chain, String name, Function<RuleFile, @Nullable T> field) {
		return chain.stream()
			.map(field)
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No value for " + name));
	}

	static AgeTier ageTier(String name) {
		return AgeTier.fromApiName(name)
			.orElseThrow(() -> new IllegalStateException("Unknown age_tier '" + name + "'"));
	}

	static MdlAcceptance mdlAcceptance(String name) {
		return MdlAcceptance.fromApiName(name)
			.orElseThrow(() -> new IllegalStateException("Unknown mdl acceptance '" + name + "'"));
	}

	static VerificationMethod method(String name) {
		return VerificationMethod.fromApiName(name)
			.orElseThrow(() -> new IllegalStateException("Unknown verification method '" + name + "'"));
	}

}
