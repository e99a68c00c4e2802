package dev.stile.compliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests that broken rule files stop the rules from loading.
 */
class RuleBookLoaderTests {

	@TempDir
	Path dir;

	@BeforeEach
	void writeMinimalDataset() throws IOException {
		write("meta.yaml", "version: \"2026-01-01\"\n");
		write("default.yaml", """
				code: default
				name: your region
				eu_eea: false
				mdl:
				  legally_recognized: false
				  acceptance: none
				rule_defaults:
				  data_retention_days: 365
				  biometric_retention_days: 0
				  consent_required: true
				rules:
				  alcohol_delivery:
				    status: permitted
				    age_tier: over_21
				    physical_check_required: true
				    allowed_methods: [mdl, document_capture]
				    activity: receive alcohol deliveries
				    check_notice: A valid ID will be checked at delivery.
				    citations: ["Default — https://example.org/default"]
				    confidence: low
				    last_reviewed: "2026-01-01"
				  alcohol_beer_wine_delivery:
				    narrows: alcohol_delivery
				    activity: receive deliveries of beer or wine
				    confidence: low
				    last_reviewed: "2026-01-01"
				""");
		write("US.yaml", """
				code: US
				name: the United States
				rules:
				  alcohol_delivery:
				    age_tier: over_21
				    floor: true
				    citations: ["23 U.S.C. 158 — https://www.law.cornell.edu/uscode/text/23/158"]
				    confidence: high
				    effective_from: "1984-07-17"
				    last_reviewed: "2026-01-01"
				""");
	}

	@Test
	void validDatasetLoads() {
		writeRule("US-CA", "alcohol_delivery", """
				regulator: California ABC
				citations: ["B&P 25605 — https://www.abc.ca.gov/delivery-of-alcoholic-beverages/"]
				confidence: high
				effective_from: unknown
				last_reviewed: "2026-01-01"
				""");
		ComplianceRules rules = new ComplianceRules(load(), CLOCK);
		assertThat(rules.ruleVersion()).isEqualTo("2026-01-01");
		UseCaseRuling ruling = rules.resolve(Jurisdiction.of("US-CA"), List.of("alcohol_delivery")).results().get(0);
		assertThat(ruling.legalCitations()).containsExactly(
				new LegalCitation("B&P 25605", "https://www.abc.ca.gov/delivery-of-alcoholic-beverages/"),
				new LegalCitation("23 U.S.C. 158", "https://www.law.cornell.edu/uscode/text/23/158"));
		assertThat(ruling.fallbackApplied()).isFalse();
	}

	@Test
	void subdivisionLoweringAFloorFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", "age_tier: over_18\n" + LOCAL_LAW);
		assertThatIllegalStateException().isThrownBy(this::load)
			.withMessageContaining("US-XX.yaml")
			.withMessageContaining("lowers the floor");
	}

	@Test
	void subdivisionLoweringAFloorThroughAProductSubTypeFailsToLoad() {
		writeRule("US-XX", "alcohol_beer_wine_delivery", "age_tier: over_18\n" + LOCAL_LAW);
		assertThatIllegalStateException().isThrownBy(this::load)
			.withMessageContaining("US-XX.yaml rule alcohol_beer_wine_delivery")
			.withMessageContaining("lowers the floor");
	}

	@Test
	void revisionLoweringAFloorFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", LOCAL_LAW + """
				revisions:
				  - effective_from: "2030-01-01"
				    age_tier: over_18
				""");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("lowers the floor");
	}

	@Test
	void misspelledFieldFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", "agetier: over_21\n" + LOCAL_LAW);
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("US-XX.yaml");
	}

	@Test
	void ruleWithoutCitationFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", "regulator: Someone\n" + STATED);
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("citation");
	}

	@Test
	void ruleCitingNoUrlFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", "citations: [\"Local law, somewhere\"]\n" + STATED);
		assertThatIllegalStateException().isThrownBy(this::load)
			.withMessageContaining("US-XX.yaml rule alcohol_delivery")
			.withMessageContaining("URL");
	}

	@Test
	void ruleWithoutEffectiveDateFailsToLoad() {
		write("US-XX.yaml", """
				code: US-XX
				name: Somewhere
				rules:
				  alcohol_delivery:
				    citations: ["Local law — https://example.org/law"]
				    confidence: high
				    last_reviewed: "2026-01-01"
				""");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("effective_from");
	}

	@Test
	void ruleWithoutReviewDateFailsToLoad() {
		write("US-XX.yaml", """
				code: US-XX
				name: Somewhere
				rules:
				  alcohol_delivery:
				    citations: ["Local law — https://example.org/law"]
				    confidence: high
				    effective_from: unknown
				""");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("last_reviewed");
	}

	@Test
	void ruleWithoutConfidenceFailsToLoad() {
		write("US-XX.yaml", """
				code: US-XX
				name: Somewhere
				rules:
				  alcohol_delivery:
				    citations: ["Local law — https://example.org/law"]
				    effective_from: unknown
				    last_reviewed: "2026-01-01"
				""");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("confidence");
	}

	@Test
	void malformedEffectiveDateFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", LOCAL_LAW.replace("effective_from: unknown", "effective_from: soon"));
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("soon");
	}

	@Test
	void unknownMethodFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", "allowed_methods: [telepathy]\n" + LOCAL_LAW);
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("telepathy");
	}

	@Test
	void unknownUseCaseFailsToLoad() {
		writeRule("US-XX", "space_travel", LOCAL_LAW);
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("space_travel");
	}

	@Test
	void malformedJurisdictionCodeFailsToLoad() {
		write("us-xx.yaml", "code: us-xx\nname: Somewhere\n");
		assertThatIllegalStateException().isThrownBy(this::load)
			.withMessageContaining("us-xx.yaml")
			.withMessageContaining("ISO 3166");
	}

	@Test
	void malformedYamlFailsToLoad() {
		write("US-XX.yaml", "code: US-XX\nname: [unclosed\n");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("US-XX.yaml");
	}

	@Test
	void fileNamedDifferentlyFromItsCodeFailsToLoad() {
		write("US-XX.yaml", "code: US-YY\nname: Somewhere\n");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("does not match");
	}

	@Test
	void missingMetaFailsToLoad() throws IOException {
		Files.delete(this.dir.resolve("meta.yaml"));
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("meta.yaml");
	}

	@Test
	void futureDatedRuleTakesEffectOnItsDate() {
		writeRule("US-XX", "alcohol_delivery", """
				regulator: New Alcohol Board
				citations: ["Alcohol Reform Act — https://example.org/reform"]
				confidence: high
				effective_from: "2027-03-01"
				last_reviewed: "2026-01-01"
				""");
		RuleBook book = load();
		UseCaseRuling before = single(rulesOn(book, "2027-02-28"), "US-XX", "alcohol_delivery");
		assertThat(before.governingRegulator()).isNull();
		assertThat(before.legalCitations()).extracting(LegalCitation::title).containsExactly("23 U.S.C. 158");
		UseCaseRuling onTheDay = single(rulesOn(book, "2027-03-01"), "US-XX", "alcohol_delivery");
		assertThat(onTheDay.governingRegulator()).isEqualTo("New Alcohol Board");
		assertThat(onTheDay.fallbackApplied()).isFalse();
		assertThat(onTheDay.legalCitations()).extracting(LegalCitation::title)
			.containsExactly("Alcohol Reform Act", "23 U.S.C. 158");
	}

	@Test
	void revisionChangesARuleFromItsDateOn() {
		writeRule("US-XX", "alcohol_delivery", """
				physical_check_required: true
				regulator: Old Board
				citations: ["Delivery Act — https://example.org/delivery"]
				revisions:
				  - effective_from: "2027-01-01"
				    physical_check_required: false
				    citations: ["Digital ID Act — https://example.org/digital"]
				  - effective_from: "2028-01-01"
				    regulator: New Board
				""" + LOCAL_LAW.replace("citations: [\"Local law — https://example.org/law\"]\n", ""));
		RuleBook book = load();
		UseCaseRuling before = single(rulesOn(book, "2026-12-31"), "US-XX", "alcohol_delivery");
		assertThat(before.physicalCheckRequired()).isTrue();
		assertThat(before.legalCitations()).extracting(LegalCitation::title)
			.containsExactly("Delivery Act", "23 U.S.C. 158");
		UseCaseRuling revised = single(rulesOn(book, "2027-01-01"), "US-XX", "alcohol_delivery");
		assertThat(revised.physicalCheckRequired()).isFalse();
		assertThat(revised.governingRegulator()).isEqualTo("Old Board");
		assertThat(revised.legalCitations()).extracting(LegalCitation::title)
			.containsExactly("Digital ID Act", "23 U.S.C. 158");
		UseCaseRuling twiceRevised = single(rulesOn(book, "2028-06-01"), "US-XX", "alcohol_delivery");
		assertThat(twiceRevised.physicalCheckRequired()).isFalse();
		assertThat(twiceRevised.governingRegulator()).isEqualTo("New Board");
	}

	@Test
	void productSubTypeInheritsTheJurisdictionsRuleForTheUseCaseItNarrows() {
		writeRule("US-XX", "alcohol_delivery", "regulator: Somewhere Liquor Board\n" + LOCAL_LAW);
		UseCaseRuling ruling = single(rulesOn(load(), "2026-06-01"), "US-XX", "alcohol_beer_wine_delivery");
		assertThat(ruling.governingRegulator()).isEqualTo("Somewhere Liquor Board");
		assertThat(ruling.requiredAgeTier()).isEqualTo(AgeTier.OVER_21);
		assertThat(ruling.fallbackApplied()).isFalse();
		assertThat(ruling.userMessage()).isEqualTo(
				"You must be 21 or older to receive deliveries of beer or wine in Somewhere. A valid ID will be checked at delivery.");
	}

	@Test
	void subTypeNarrowingAnUnknownUseCaseFailsToLoad() {
		write("default.yaml", read("default.yaml").replace("narrows: alcohol_delivery", "narrows: alcohol_teleport"));
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("narrows");
	}

	@Test
	void ruleEndsOnItsEffectiveUntilAndTheCountryAnswersAgain() {
		writeRule("US-XX", "alcohol_delivery", """
				regulator: Pilot Board
				citations: ["Pilot Act — https://example.org/pilot"]
				confidence: high
				effective_from: "2027-01-01"
				effective_until: "2028-01-01"
				last_reviewed: "2026-01-01"
				""");
		RuleBook book = load();
		UseCaseRuling during = single(rulesOn(book, "2027-12-31"), "US-XX", "alcohol_delivery");
		assertThat(during.governingRegulator()).isEqualTo("Pilot Board");
		assertThat(during.effectiveFrom()).hasToString("2027-01-01");
		assertThat(during.effectiveUntil()).hasToString("2028-01-01");
		UseCaseRuling after = single(rulesOn(book, "2028-01-01"), "US-XX", "alcohol_delivery");
		assertThat(after.governingRegulator()).isNull();
		assertThat(after.effectiveFrom()).hasToString("1984-07-17");
	}

	@Test
	void effectiveUntilBeforeEffectiveFromFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", LOCAL_LAW.replace("effective_from: unknown",
				"effective_from: \"2027-01-01\"\neffective_until: \"2026-01-01\""));
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("effective_until");
	}

	@Test
	void enjoinedRevisionAnswersWhatAppliesMeanwhileUntilTheInjunctionIsLifted() {
		writeRule("US-XX", "alcohol_delivery", """
				age_tier: over_21
				citations: ["Delivery Age Act — https://example.org/act"]
				confidence: high
				effective_from: "2027-01-01"
				last_reviewed: "2026-01-01"
				revisions:
				  - effective_from: "2027-02-01"
				    status: enjoined
				    enjoined_by: "Doe v. State (D. XX 2027), preliminary injunction — https://example.org/order"
				    meanwhile: "The federal rule applies."
				  - effective_from: "2027-06-01"
				    status: permitted
				""");
		RuleBook book = load();
		UseCaseRuling inForce = single(rulesOn(book, "2027-01-31"), "US-XX", "alcohol_delivery");
		UseCaseRuling enjoined = single(rulesOn(book, "2027-02-01"), "US-XX", "alcohol_delivery");
		UseCaseRuling lifted = single(rulesOn(book, "2027-06-01"), "US-XX", "alcohol_delivery");
		assertThat(inForce.ruleStatus()).isEqualTo("permitted");
		assertThat(inForce.enjoinedBy()).isNull();
		assertThat(enjoined.ruleStatus()).isEqualTo("enjoined");
		assertThat(enjoined.prohibited()).isFalse();
		assertThat(enjoined.enjoinedBy()).isEqualTo(
				new LegalCitation("Doe v. State (D. XX 2027), preliminary injunction", "https://example.org/order"));
		assertThat(enjoined.meanwhile()).isEqualTo("The federal rule applies.");
		assertThat(enjoined.effectiveFrom()).hasToString("2027-02-01");
		assertThat(lifted.ruleStatus()).isEqualTo("permitted");
		assertThat(lifted.meanwhile()).isNull();
		assertThat(lifted.effectiveFrom()).hasToString("2027-06-01");
	}

	@Test
	void enjoinedRuleWithoutItsCourtOrderFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery", "status: enjoined\nmeanwhile: The federal rule applies.\n" + LOCAL_LAW);
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("enjoined_by");
	}

	@Test
	void enjoinedRuleWithoutWhatAppliesMeanwhileFailsToLoad() {
		writeRule("US-XX", "alcohol_delivery",
				"status: enjoined\nenjoined_by: \"Doe v. State — https://example.org/order\"\n" + LOCAL_LAW);
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("meanwhile");
	}

	@Test
	void operatorOverrideReplacesTheShippedRuleAndSaysSo(@TempDir Path overrides) throws IOException {
		writeRule("US-XX", "alcohol_delivery", "regulator: Shipped Board\n" + LOCAL_LAW);
		Files.writeString(overrides.resolve("US-XX.yaml"), """
				code: US-XX
				rules:
				  alcohol_beer_wine_delivery:
				    age_tier: over_25
				    citations: ["Counsel's opinion, stricter than the statute — https://example.org/counsel"]
				    confidence: medium
				    effective_from: unknown
				    last_reviewed: "2026-01-01"
				""");
		ComplianceRules rules = new ComplianceRules(RuleBookLoader.load(this.dir.toUri() + "*.yaml", overrides), CLOCK);
		UseCaseRuling beer = single(rules, "US-XX", "alcohol_beer_wine_delivery");
		UseCaseRuling spirits = single(rules, "US-XX", "alcohol_delivery");
		assertThat(beer.requiredAgeTier()).isEqualTo(AgeTier.of(25));
		assertThat(beer.source()).isEqualTo("operator");
		assertThat(beer.legalCitations().get(0).title()).startsWith("Counsel's opinion");
		assertThat(spirits.source()).isEqualTo("stile");
		assertThat(spirits.governingRegulator()).isEqualTo("Shipped Board");
		assertThat(spirits.requiredAgeTier()).isEqualTo(AgeTier.OVER_21);
	}

	@Test
	void operatorOverrideIsCheckedLikeTheShippedFiles(@TempDir Path overrides) throws IOException {
		Files.writeString(overrides.resolve("US-XX.yaml"), """
				code: US-XX
				name: Somewhere
				rules:
				  alcohol_delivery:
				    age_tier: over_18
				    citations: ["Counsel — https://example.org/counsel"]
				    confidence: medium
				    effective_from: unknown
				    last_reviewed: "2026-01-01"
				""");
		assertThatIllegalStateException().isThrownBy(() -> RuleBookLoader.load(this.dir.toUri() + "*.yaml", overrides))
			.withMessageContaining("US-XX.yaml")
			.withMessageContaining("lowers the floor");
		assertThatIllegalStateException()
			.isThrownBy(() -> RuleBookLoader.load(this.dir.toUri() + "*.yaml", overrides.resolve("missing")))
			.withMessageContaining("STILE_COMPLIANCE_OVERRIDES_DIR")
			.withMessageContaining("not a directory");
	}

	private static final String STATED = """
			confidence: high
			effective_from: unknown
			last_reviewed: "2026-01-01"
			""";

	private static final String LOCAL_LAW = "citations: [\"Local law — https://example.org/law\"]\n" + STATED;

	private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

	private static ComplianceRules rulesOn(RuleBook book, String date) {
		return new ComplianceRules(book, Clock.fixed(Instant.parse(date + "T00:00:00Z"), ZoneOffset.UTC));
	}

	private static UseCaseRuling single(ComplianceRules rules, String code, String useCase) {
		return rules.resolve(Jurisdiction.of(code), List.of(useCase)).results().get(0);
	}

	private RuleBook load() {
		return RuleBookLoader.load(this.dir.toUri() + "*.yaml");
	}

	/** Writes a subdivision file with one rule, its fields given as YAML lines. */
	private void writeRule(String code, String useCase, String fields) {
		String indented = fields.lines().map((line) -> "    " + line + "\n").reduce("", String::concat);
		write(code + ".yaml", "code: " + code + "\nname: Somewhere\nrules:\n  " + useCase + ":\n" + indented);
	}

	private String read(String name) {
		try {
			return Files.readString(this.dir.resolve(name));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void write(String name, String content) {
		try {
			Files.writeString(this.dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
