package dev.stile.session;

import java.time.Duration;
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
	 * Sends a new one-time code to {@code destination} (nothing is sent in test mode); it
	 * replaces the session's earlier code. Refused with a 429 while the session or the
	 * email or phone is locked out ({@code too_many_attempts}) or past a send limit
	 * ({@code too_many_codes}).
	 */
	void sendCode(String sessionId, String credentialId, String channel, String destination, boolean livemode,
			Instant now);

	/**
	 * Checks a code the customer typed against the session's latest code. A match proves
	 * the email or phone to {@code organizationId}.
	 */
	CodeCheck checkCode(String organizationId, String sessionId, String code, Instant now);

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
	 * @param outcome whether it matched, was wrong with tries left, the challenge is
	 * over, or the session or the email or phone is locked out for now
	 * @param attemptsLeft tries left after a wrong code
	 * @param offer the credential proven, when it matched
	 * @param retryAfter how long the lockout lasts, when locked
	 */
	record CodeCheck(Outcome outcome, int attemptsLeft, Offer offer, Duration retryAfter) {

		/** How a code check ends. */
		public enum Outcome {

			MATCHED, WRONG, EXHAUSTED, LOCKED

		}

	}

}
