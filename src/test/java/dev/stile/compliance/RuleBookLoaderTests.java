package dev.stile.compliance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
				    citations: ["Default"]
				""");
		write("US.yaml", """
				code: US
				name: the United States
				rules:
				  alcohol_delivery:
				    age_tier: over_21
				    floor: true
				    citations: ["23 U.S.C. 158"]
				""");
	}

	@Test
	void validDatasetLoads() {
		write("US-CA.yaml", """
				code: US-CA
				name: California
				rules:
				  alcohol_delivery:
				    regulator: California ABC
				    citations: ["B&P 25605"]
				""");
		ComplianceRules rules = new ComplianceRules(load());
		assertThat(rules.ruleVersion()).isEqualTo("2026-01-01");
		UseCaseRuling ruling = rules.resolve(Jurisdiction.of("US-CA"), List.of("alcohol_delivery")).results().get(0);
		assertThat(ruling.legalCitations()).containsExactly("B&P 25605", "23 U.S.C. 158");
		assertThat(ruling.fallbackApplied()).isFalse();
	}

	@Test
	void subdivisionLoweringAFloorFailsToLoad() {
		write("US-XX.yaml", """
				code: US-XX
				name: Somewhere
				rules:
				  alcohol_delivery:
				    age_tier: over_18
				    citations: ["Local law"]
				""");
		assertThatIllegalStateException().isThrownBy(this::load)
			.withMessageContaining("US-XX.yaml")
			.withMessageContaining("lowers the floor");
	}

	@Test
	void misspelledFieldFailsToLoad() {
		write("US-XX.yaml", """
				code: US-XX
				name: Somewhere
				rules:
				  alcohol_delivery:
				    agetier: over_21
				    citations: ["Local law"]
				""");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("US-XX.yaml");
	}

	@Test
	void ruleWithoutCitationFailsToLoad() {
		write("US-XX.yaml", """
				code: US-XX
				name: Somewhere
				rules:
				  alcohol_delivery:
				    regulator: Someone
				""");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("citation");
	}

	@Test
	void unknownMethodFailsToLoad() {
		write("US-XX.yaml", """
				code: US-XX
				name: Somewhere
				rules:
				  alcohol_delivery:
				    allowed_methods: [telepathy]
				    citations: ["Local law"]
				""");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("telepathy");
	}

	@Test
	void unknownUseCaseFailsToLoad() {
		write("US-XX.yaml", """
				code: US-XX
				name: Somewhere
				rules:
				  space_travel:
				    citations: ["Local law"]
				""");
		assertThatIllegalStateException().isThrownBy(this::load).withMessageContaining("space_travel");
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

	private RuleBook load() {
		return RuleBookLoader.load(this.dir.toUri() + "*.yaml");
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
