package dev.stile.compliance;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptedMdlIssuersTests {

	private final ComplianceRules rules = new ComplianceRules();

	@Test
	void louisianaAcceptsOnlyItsOwnMobileLicence() {
		assertThat(this.rules.acceptedMdlIssuers(Jurisdiction.of("US-LA"))).contains(Set.of("US-LA"));
	}

	@Test
	void aJurisdictionWithoutARestrictionAcceptsAnyIssuer() {
		assertThat(this.rules.acceptedMdlIssuers(Jurisdiction.of("US-CO"))).isEmpty();
		assertThat(this.rules.acceptedMdlIssuers(Jurisdiction.of("DE"))).isEmpty();
	}

}
