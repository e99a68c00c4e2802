package dev.stile.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.ErrorWriter;
import dev.stile.apikey.ApiKeyPrincipal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every request authenticated by an API key against the key's limit, answers the
 * {@code X-RateLimit-*} headers on each of them and refuses the request with a 429 once
 * the limit is reached. A publishable key's request counts first against what its client
 * address may use of the key, and a request to the widget's client-secret API against its
 * client address and its session. It sits in the API's security chain right after
 * authentication.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

	static final String LIMIT = "X-RateLimit-Limit";

	static final String REMAINING = "X-RateLimit-Remaining";

	static final String RESET = "X-RateLimit-Reset";

	private static final RequestMatcher CLIENT_API = PathPatternRequestMatcher.pathPattern("/v1/client/**");

	private static final RequestMatcher WALLET_API = PathPatternRequestMatcher.pathPattern("/v1/oid4vp/**");

	private final RateLimiter limiter;

	private final RateLimitProperties properties;

	private final ErrorWriter errors;

	private final Counter refused;

	RateLimitFilter(RateLimiter limiter, RateLimitProperties properties, ErrorWriter errors, MeterRegistry meters) {
		this.limiter = limiter;
		this.properties = properties;
		this.errors = errors;
		this.refused = Counter.builder("stile.rate_limit.refused")
			.description("Requests refused because their API key, client address or session reached its rate limit")
			.register(meters);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (CLIENT_API.matches(request)) {
			if (clientAllowed(request, response)) {
				chain.doFilter(request, response);
			}
			return;
		}
		if (WALLET_API.matches(request)) {
			// Wallets carry no key: they are counted by address, with the widget's limit
			// (a wallet's fetch and answer are two requests of a verification).
			Optional<RateLimitDecision> address = this.limiter.check("wallet:" + ClientAddress.of(request),
					this.properties.clientPerAddressPerMinute());
			if (address.isPresent() && !address.get().allowed()) {
				refuse(request, response, address.get(), "This client address made more than " + address.get().limit()
						+ " requests in a minute to the wallet endpoints.");
				return;
			}
			address.ifPresent((decision) -> headers(response, decision));
			chain.doFilter(request, response);
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof ApiKeyPrincipal key)) {
			chain.doFilter(request, response);
			return;
		}
		// The key's id (never its value) on every log line of the request.
		MDC.put("key_id", key.keyId());
		try {
			if (!key.isSecret()) {
				// Before the key's own bucket, so that requests refused here do not use
				// it up for the merchant's other customers.
				Optional<RateLimitDecision> address = this.limiter.check(
						"publishable:" + key.keyId() + ":" + ClientAddress.of(request),
						this.properties.publishablePerAddressPerMinute());
				if (address.isPresent() && !address.get().allowed()) {
					refuse(request, response, address.get(), "This client address made more than "
							+ address.get().limit() + " requests in a minute with this publishable key.");
					return;
				}
			}
			Optional<RateLimitDecision> checked = this.limiter.check(key);
			if (checked.isPresent()) {
				RateLimitDecision decision = checked.get();
				headers(response, decision);
				if (!decision.allowed()) {
					refuse(request, response, decision,
							"This API key made more than " + decision.limit() + " requests in a minute.");
					return;
				}
			}
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("key_id");
		}
	}

	/**
	 * Counts the request against its client address, then against its session (the client
	 * secret it presents, hashed: a secret never reaches the database, and a made-up
	 * secret naming someone else's session cannot use up that session's requests).
	 */
	private boolean clientAllowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Optional<RateLimitDecision> address = this.limiter.check("client:" + ClientAddress.of(request),
				this.properties.clientPerAddressPerMinute());
		if (address.isPresent() && !address.get().allowed()) {
			refuse(request, response, address.get(), "This client address made more than " + address.get().limit()
					+ " requests in a minute to the client API.");
			return false;
		}
		String secret = bearer(request);
		if (secret == null) {
			address.ifPresent((decision) -> headers(response, decision));
			return true;
		}
		Optional<RateLimitDecision> session = this.limiter.check("session:" + digest(secret),
				this.properties.clientPerSessionPerMinute());
		if (session.isPresent() && !session.get().allowed()) {
			refuse(request, response, session.get(),
					"This session made more than " + session.get().limit() + " requests in a minute.");
			return false;
		}
		session.or(() -> address).ifPresent((decision) -> headers(response, decision));
		return true;
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, RateLimitDecision decision,
			String reason) throws IOException {
		this.refused.increment();
		headers(response, decision);
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
		this.errors.write(request, response, new ApiException(HttpStatus.TOO_MANY_REQUESTS, ErrorType.RATE_LIMIT_ERROR,
				"rate_limit_exceeded", reason + " Retry after the Retry-After header's seconds.", null));
	}

	private static void headers(HttpServletResponse response, RateLimitDecision decision) {
		response.setHeader(LIMIT, Integer.toString(decision.limit()));
		response.setHeader(REMAINING, Long.toString(decision.remaining()));
		response.setHeader(RESET, Long.toString(decision.resetEpochSecond()));
	}

	private static String bearer(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 1024) {
			return null;
		}
		String secret = header.substring(7).trim();
		return secret.isEmpty() ? null : secret;
	}

	private static String digest(String secret) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
