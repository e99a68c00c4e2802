package dev.stile.person;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Verified-person reuse and the one-time codes that prove an email or phone.
 *
 * @param credentialValidity how long a verification can be reused at most
 * @param codeTimeToLive how long a one-time code works
 * @param codeAttempts wrong codes allowed per session and per email or phone within
 * {@code codeWindow}, across sends; one more locks it out
 * @param codeWindow the window of {@code codeAttempts}
 * @param lockout how long the first lockout lasts; each further one within a day of the
 * last lasts twice as long, up to {@code maxLockout}
 * @param maxLockout the longest lockout
 * @param codesPerSession codes one session may have sent
 * @param codesPerAnchor codes one email or phone may be sent within a day
 * @param erasureProofMaxAge how recent the customer's proof must be for an erasure across
 * organizations
 * @param lookupLimit lookups allowed per organization, mode and email or phone within
 * {@code lookupWindow}
 * @param lookupWindow the window of the lookup limit
 * @param testCode the code that works in test mode, where nothing is sent
 * @param mailFrom the sender of code emails
 */
@ConfigurationProperties("stile.persons")
record PersonProperties(@DefaultValue("365d") Duration credentialValidity, @DefaultValue("10m") Duration codeTimeToLive,
		@DefaultValue("5") int codeAttempts, @DefaultValue("15m") Duration codeWindow,
		@DefaultValue("15m") Duration lockout, @DefaultValue("24h") Duration maxLockout,
		@DefaultValue("3") int codesPerSession, @DefaultValue("10") int codesPerAnchor,
		@DefaultValue("1h") Duration erasureProofMaxAge, @DefaultValue("5") int lookupLimit,
		@DefaultValue("15m") Duration lookupWindow, @DefaultValue("000000") String testCode,
		@DefaultValue("no-reply@stile.invalid") String mailFrom) {
}
