package dev.stile.ratelimit;

import java.io.IOException;
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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every request authenticated by an API key against the key's limit, answers the
 * {@code X-RateLimit-*} headers on each of them and refuses the request with a 429 once
 * the limit is reached. It sits in the API's security chain right after authentication.
 */
public final class RateLimitFilter extends OncePerRequestFilter {

	static final String LIMIT = "X-RateLimit-Limit";

	static final String REMAINING = "X-RateLimit-Remaining";

	static final String RESET = "X-RateLimit-Reset";

	private final RateLimiter limiter;

	private final ErrorWriter errors;

	private final Counter refused;

	RateLimitFilter(RateLimiter limiter, ErrorWriter errors, MeterRegistry meters) {
		this.limiter = limiter;
		this.errors = errors;
		this.refused = Counter.builder("stile.rate_limit.refused")
			.description("Requests refused because their API key reached its rate limit")
			.register(meters);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof ApiKeyPrincipal key)) {
			chain.doFilter(request, response);
			return;
		}
		// The key's id (never its value) on every log line of the request.
		MDC.put("key_id", key.keyId());
		try {
			Optional<RateLimitDecision> checked = this.limiter.check(key);
			if (checked.isPresent()) {
				RateLimitDecision decision = checked.get();
				response.setHeader(LIMIT, Integer.toString(decision.limit()));
				response.setHeader(REMAINING, Long.toString(decision.remaining()));
				response.setHeader(RESET, Long.toString(decision.resetEpochSecond()));
				if (!decision.allowed()) {
					this.refused.increment();
					response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
					this.errors.write(request, response,
							new ApiException(HttpStatus.TOO_MANY_REQUESTS, ErrorType.RATE_LIMIT_ERROR,
									"rate_limit_exceeded",
									"This API key made more than " + decision.limit()
											+ " requests in a minute. Retry after the Retry-After header's seconds.",
									null));
					return;
				}
			}
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove("key_id");
		}
	}

}
