package dev.stile.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.stile.method.VerificationMethod;

/**
 * Reuse of an earlier verification, as the session needs it. Implemented by the
 * verified-person capability; sessions only ask.
 */
public interface VerifiedPersons {

	/**
	 * The best earlier credential this session may reuse, if any. Counts against the
	 * per-email and per-phone lookup limit.
	 */
	Optional<Offer> find(Query query);

	/**
	 * Sends a new one-time code to {@code destination} (nothing is sent in test mode).
	 */
	void sendCode(String sessionId, String credentialId, String channel, String destination, boolean livemode,
			Instant now);

	/** Checks a code the customer typed against the session's latest challenge. */
	CodeCheck checkCode(String sessionId, String code, Instant now);

	/**
	 * The customer agreed, after the fact, that the verification of this session may be
	 * reused.
	 */
	void shareCredentialsOf(String sessionId);

	/**
	 * What a session looks for.
	 *
	 * @param maxAgeDays {@code null} for the default
	 */
	record Query(String organizationId, boolean livemode, String email, String phone, VerificationMethod minStrength,
			Integer maxAgeDays, List<VerificationMethod> requiredMethods, String ageTier, String jurisdiction,
			Instant now) {
	}

	/**
	 * A credential that may be reused.
	 */
	record Offer(String credentialId, VerificationMethod method, String sourceOrganizationId) {
	}

	/**
	 * The verdict on a code.
	 *
	 * @param outcome whether it matched, was wrong with tries left, or the challenge is
	 * over
	 * @param attemptsLeft tries left after a wrong code
	 * @param offer the credential proven, when it matched
	 */
	record CodeCheck(Outcome outcome, int attemptsLeft, Offer offer) {

		/** How a code check ends. */
		public enum Outcome {

			MATCHED, WRONG, EXHAUSTED

		}

	}

}
