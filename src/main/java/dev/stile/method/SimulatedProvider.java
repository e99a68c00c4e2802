package dev.stile.method;

import java.util.Set;

/**
 * Test mode's stand-in for a method: a deterministic outcome chosen by documented test
 * inputs, so an integration can reach every outcome without a real person.
 * <ul>
 * <li>{@code test_outcome}: {@code verified} (the default), {@code failed} or
 * {@code requires_input};</li>
 * <li>{@code test_age}: the age the method establishes, 0 to 130 (default 30), so an age
 * below the session's tier can be tried.</li>
 * </ul>
 */
final class SimulatedProvider implements MethodProvider {

	static final Set<String> TEST_INPUTS = Set.of("test_outcome", "test_age");

	private static final int DEFAULT_AGE = 30;

	// What each method would prove for real: a credential or a bank's KYC proves who the
	// user is; an
	// age estimate, a declaration or a carrier's signal does not.
	private static final Set<VerificationMethod> PROVES_IDENTITY = Set.of(VerificationMethod.MDL,
			VerificationMethod.MID, VerificationMethod.EUDI_PID, VerificationMethod.DOCUMENT_CAPTURE,
			VerificationMethod.SELFIE_MATCH, VerificationMethod.OPEN_BANKING);

	private final VerificationMethod method;

	SimulatedProvider(VerificationMethod method) {
		this.method = method;
	}

	@Override
	public VerificationMethod method() {
		return this.method;
	}

	@Override
	public String name() {
		return "stile_test_mode";
	}

	@Override
	public AttemptOutcome attempt(AttemptInput input, AttemptContext context) {
		String outcome = input.has("test_outcome") ? input.text("test_outcome") : "verified";
		int age = DEFAULT_AGE;
		if (input.has("test_age")) {
			if (!(input.fields().get("test_age") instanceof Integer value) || value < 0 || value > 130) {
				throw new InvalidAttemptException("test_age", "test_age must be a whole number from 0 to 130.");
			}
			age = value;
		}
		if (outcome == null) {
			throw new InvalidAttemptException("test_outcome",
					"test_outcome must be one of: verified, failed, requires_input.");
		}
		return switch (outcome) {
			case "verified" -> new AttemptOutcome(AttemptOutcome.Kind.SUCCEEDED, 0.99, age,
					this.method == VerificationMethod.FACIAL_AGE, PROVES_IDENTITY.contains(this.method), name(), null,
					null, null);
			case "failed" ->
				AttemptOutcome.failed(name(), "test_failure", "The test input asked for this attempt to fail.");
			case "requires_input" -> AttemptOutcome.needsInput(name(), "test_requires_input",
					"The test input asked for more input from the user.");
			default -> throw new InvalidAttemptException("test_outcome",
					"test_outcome must be one of: verified, failed, requires_input.");
		};
	}

}
