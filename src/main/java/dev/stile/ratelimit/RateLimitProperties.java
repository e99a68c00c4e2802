package dev.stile.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Requests per minute each API key, client address and widget session may make; an
 * operator may set another limit for one key.
 *
 * @param enabled whether limits are enforced at all
 * @param secretPerMinute default limit of a secret key
 * @param publishablePerMinute default limit of a publishable key
 * @param publishablePerAddressPerMinute what one client address may use of one
 * publishable key's limit, so that one customer cannot use up a merchant's widget
 * @param clientPerSessionPerMinute requests a session's client secret may make to the
 * widget's client-secret API
 * @param clientPerAddressPerMinute requests one client address may make to the
 * client-secret API, whatever secrets it sends
 * @param adminFailuresPerAddressPerMinute wrong operator tokens one client address may
 * send before every operator request from it is refused for a while
 * @param poolSize connections of the limiter's own pool, kept apart so that a burst of
 * API traffic never waits behind business queries for its check
 * @param uploadsPerSessionPerMinute document photos one session may upload a minute
 * @param uploadsPerAddressPerMinute document photos one client address may upload a
 * minute, whatever the session
 */
@ConfigurationProperties("stile.rate-limits")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1000") int secretPerMinute,
		@DefaultValue("100") int publishablePerMinute, @DefaultValue("20") int publishablePerAddressPerMinute,
		@DefaultValue("60") int clientPerSessionPerMinute, @DefaultValue("300") int clientPerAddressPerMinute,
		@DefaultValue("10") int adminFailuresPerAddressPerMinute, @DefaultValue("4") int poolSize,
		@DefaultValue("6") int uploadsPerSessionPerMinute, @DefaultValue("30") int uploadsPerAddressPerMinute) {

	RateLimitProperties {
		if (secretPerMinute < 1 || publishablePerMinute < 1 || publishablePerAddressPerMinute < 1
				|| clientPerSessionPerMinute < 1 || clientPerAddressPerMinute < 1
				|| adminFailuresPerAddressPerMinute < 1 || uploadsPerSessionPerMinute < 1
				|| uploadsPerAddressPerMinute < 1) {
			throw new IllegalArgumentException("rate limits must be at least 1 per minute");
		}
		if (poolSize < 1) {
			throw new IllegalArgumentException("stile.rate-limits.pool-size must be at least 1");
		}
	}

}
