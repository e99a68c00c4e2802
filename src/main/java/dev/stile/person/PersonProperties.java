package dev.stile.person;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Verified-person reuse.
 *
 * @param credentialValidity how long a verification can be reused at most
 * @param codeTimeToLive how long a one-time code works
 * @param codeAttempts how many wrong codes end a challenge
 * @param lookupLimit lookups allowed per email or phone within {@code lookupWindow}
 * @param lookupWindow the window of the lookup limit
 * @param testCode the code that works in test mode, where nothing is sent
 * @param mailFrom the sender of code emails
 */
@ConfigurationProperties("stile.persons")
record PersonProperties(@DefaultValue("365d") Duration credentialValidity, @DefaultValue("10m") Duration codeTimeToLive,
		@DefaultValue("5") int codeAttempts, @DefaultValue("5") int lookupLimit,
		@DefaultValue("15m") Duration lookupWindow, @DefaultValue("000000") String testCode,
		@DefaultValue("no-reply@stile.invalid") String mailFrom) {
}
