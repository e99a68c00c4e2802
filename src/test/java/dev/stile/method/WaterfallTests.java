package dev.stile.method;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.stile.method.VerificationMethod.DOCUMENT_CAPTURE;
import static dev.stile.method.VerificationMethod.EUDI_PID;
import static dev.stile.method.VerificationMethod.FACIAL_AGE;
import static dev.stile.method.VerificationMethod.MDL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filtering a waterfall keeps the requested order and says why each method was dropped.
 */
class WaterfallTests {

	private final Waterfall waterfall = new Waterfall(java.util.Set.of(FACIAL_AGE));

	private static final Waterfall.JurisdictionFacts OREGON = new Waterfall.JurisdictionFacts("US-OR", false, false);

	private static final Waterfall.JurisdictionFacts COLORADO = new Waterfall.JurisdictionFacts("US-CO", true, false);

	private static final Waterfall.JurisdictionFacts FRANCE = new Waterfall.JurisdictionFacts("FR", false, true);

	@Test
	void mdlIsDroppedWhereMobileLicencesAreNotRecognised() {
		MethodPlan plan = this.waterfall.plan(List.of(MDL, FACIAL_AGE), OREGON, null, false);

		assertThat(plan.methods()).containsExactly(FACIAL_AGE);
		assertThat(plan.dropped()).singleElement().asString().contains("mdl").contains("US-OR");
	}

	@Test
	void eudiPidIsOfferedOnlyInTheEuropeanUnionAndEea() {
		assertThat(this.waterfall.plan(List.of(EUDI_PID, FACIAL_AGE), COLORADO, null, false).methods())
			.containsExactly(FACIAL_AGE);
		assertThat(this.waterfall.plan(List.of(EUDI_PID, FACIAL_AGE), FRANCE, null, false).methods())
			.containsExactly(EUDI_PID, FACIAL_AGE);
	}

	@Test
	void theUseCaseAllowListKeepsTheRequestedOrder() {
		MethodPlan plan = this.waterfall.plan(List.of(FACIAL_AGE, DOCUMENT_CAPTURE, MDL), COLORADO,
				List.of(MDL, DOCUMENT_CAPTURE), false);

		assertThat(plan.methods()).containsExactly(DOCUMENT_CAPTURE, MDL);
	}

	@Test
	void anUnknownJurisdictionFiltersNothing() {
		assertThat(this.waterfall.plan(List.of(MDL, EUDI_PID), null, null, false).methods()).containsExactly(MDL,
				EUDI_PID);
	}

	@Test
	void liveModeOffersOnlyTheMethodsThisDeploymentCanRun() {
		MethodPlan plan = this.waterfall.plan(List.of(MDL, FACIAL_AGE), COLORADO, null, true);

		assertThat(plan.methods()).containsExactly(FACIAL_AGE);
		assertThat(plan.dropped()).singleElement().asString().contains("live mode");
	}

	@Test
	void nothingLeftIsAnEmptyPlan() {
		assertThat(this.waterfall.plan(List.of(MDL), OREGON, null, false).isEmpty()).isTrue();
	}

	@Test
	void aLiveMethodThatIsUnavailableSaysWhyInTheDroppedReasons() {
		MethodProvider withoutCertificate = new MethodProvider() {

			@Override
			public VerificationMethod method() {
				return MDL;
			}

			@Override
			public String name() {
				return "stile";
			}

			@Override
			public AttemptOutcome attempt(AttemptInput input, AttemptContext context) {
				throw new AssertionError("planning a waterfall never runs an attempt");
			}

			@Override
			public boolean isAvailable() {
				return false;
			}

			@Override
			public String unavailableReason() {
				return "no verifier certificate is configured";
			}

		};
		Waterfall waterfall = new Waterfall(new Providers(List.of(withoutCertificate)));

		MethodPlan plan = waterfall.plan(List.of(MDL), null, null, true);

		assertThat(plan.methods()).isEmpty();
		assertThat(plan.dropped()).containsExactly("mdl: no verifier certificate is configured");
	}

}
