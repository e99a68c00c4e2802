package dev.stile.method;

/**
 * Runs one verification method. The session never knows which provider it talks to: a
 * real in-house implementation, an external service, or the test-mode simulator.
 */
public interface MethodProvider {

	/** The method this provider runs. */
	VerificationMethod method();

	/** The provider's name as results show it. */
	String name();

	/**
	 * Judges one attempt.
	 * @param input what the user submitted
	 * @param context the session the attempt belongs to and the instant it is made
	 * @throws InvalidAttemptException when the input cannot be judged at all
	 */
	AttemptOutcome attempt(AttemptInput input, AttemptContext context);

	/**
	 * Whether this provider can verify anyone right now: a provider that depends on
	 * operator configuration (trust anchors) is not offered in live mode without it.
	 */
	default boolean isAvailable() {
		return true;
	}

	/**
	 * Why this provider is not available, for {@code no_methods_available}; {@code null}
	 * for the generic reason.
	 */
	default String unavailableReason() {
		return null;
	}

}
