package dev.stile.ratelimit;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Counts wrong operator tokens per client address: once an address has sent too many,
 * every operator request from it is refused until its bucket refills, the right token
 * included, so that guessing gains nothing from trying faster.
 */
public final class OperatorTokenThrottle {

	private final RateLimiter limiter;

	private final int perMinute;

	OperatorTokenThrottle(RateLimiter limiter, RateLimitProperties properties) {
		this.limiter = limiter;
		this.perMinute = properties.adminFailuresPerAddressPerMinute();
	}

	/** The seconds the request's address must wait, if it sent too many wrong tokens. */
	public Optional<Long> throttled(HttpServletRequest request) {
		return this.limiter.wouldRefuse(bucket(request), this.perMinute);
	}

	/** Counts a wrong token sent from the request's address. */
	public void failed(HttpServletRequest request) {
		this.limiter.check(bucket(request), this.perMinute);
	}

	private static String bucket(HttpServletRequest request) {
		return "admin-failure:" + ClientAddress.of(request);
	}

}
