package dev.stile.method;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What a provider may need to know of the session an attempt belongs to, besides the
 * user's input.
 *
 * @param livemode whether the session is live: test-only issuers and test inputs are
 * refused in live mode
 * @param purpose what the session proves
 * @param requiredAge the youngest age, in years, the session accepts (its age tier's, or
 * the default when it has none)
 * @param jurisdiction where the user is, e.g. {@code US-CA}, or {@code null} when unknown
 * @param at the instant of the attempt on the session's clock
 */
public record AttemptContext(boolean livemode, Purpose purpose, int requiredAge, String jurisdiction, Instant at) {

	public AttemptContext {
		Objects.requireNonNull(purpose, "purpose");
		Objects.requireNonNull(at, "at");
	}

	/** The date of the attempt (UTC), for ages and expiry dates. */
	public LocalDate today() {
		return LocalDate.ofInstant(this.at, ZoneOffset.UTC);
	}

	/**
	 * What a session proves, as a provider sees it.
	 */
	public enum Purpose {

		AGE, IDENTITY, STUDENT

	}

}
