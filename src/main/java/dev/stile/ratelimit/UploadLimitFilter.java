package dev.stile.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.ErrorWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits document photo uploads, the widget's costliest request, per client address and
 * per session, before the photo is read: a photo takes a turn among the few read at once,
 * and one client must not take them all. Over either limit the upload is refused with a
 * 429 and {@code Retry-After}. The session is known by its client secret, hashed, so that
 * nobody can use up the uploads of a session whose secret they do not hold.
 */
final class UploadLimitFilter extends OncePerRequestFilter {

	/** The upload endpoint; only its multipart form carries a photo. */
	static final String PATH = "/v1/client/session/attempts";

	private final RateLimiter limiter;

	private final RateLimitProperties properties;

	private final ErrorWriter errors;

	private final Counter refused;

	UploadLimitFilter(RateLimiter limiter, RateLimitProperties properties, ErrorWriter errors, MeterRegistry meters) {
		this.limiter = limiter;
		this.properties = properties;
		this.errors = errors;
		this.refused = Counter.builder("stile.rate_limit.uploads_refused")
			.description("Document photo uploads refused because their session or client address reached its limit")
			.register(meters);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String type = request.getContentType();
		return !"POST".equals(request.getMethod()) || type == null
				|| !type.toLowerCase(Locale.ROOT).startsWith("multipart/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// The address is the client's as the trusted proxies name it, else the peer's.
		Optional<RateLimitDecision> byAddress = this.limiter.check("upload:address:" + request.getRemoteAddr(),
				this.properties.uploadsPerAddressPerMinute());
		if (byAddress.isPresent() && !byAddress.get().allowed()) {
			refuse(request, response, byAddress.get(), "this address");
			return;
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null) {
			Optional<RateLimitDecision> bySession = this.limiter.check("upload:session:" + digest(authorization),
					this.properties.uploadsPerSessionPerMinute());
			if (bySession.isPresent() && !bySession.get().allowed()) {
				refuse(request, response, bySession.get(), "this session");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, RateLimitDecision decision,
			String whose) throws IOException {
		this.refused.increment();
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
		this.errors.write(request, response,
				new ApiException(HttpStatus.TOO_MANY_REQUESTS, ErrorType.RATE_LIMIT_ERROR, "rate_limit_exceeded",
						"More than " + decision.limit() + " photos a minute were uploaded from " + whose
								+ ". Retry after the Retry-After header's seconds.",
						null));
	}

	private static String digest(String value) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
