package dev.stile.method;

import java.time.LocalDate;

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
	 * @param today the date in the session's frame, for ages and expiry dates
	 * @throws InvalidAttemptException when the input cannot be judged at all
	 */
	AttemptOutcome attempt(AttemptInput input, LocalDate today);

}
