package dev.stile.apikey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.ErrorWriter;
import dev.stile.ratelimit.OperatorTokenThrottle;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the operator in when the request carries {@code STILE_ADMIN_TOKEN} as its bearer
 * token, compared in constant time. A client address that sent too many wrong tokens is
 * refused with a 429 before its token is even compared.
 */
final class AdminTokenFilter extends OncePerRequestFilter {

	static final String ADMIN_AUTHORITY = "SCOPE_admin";

	private final byte[] token;

	private final OperatorTokenThrottle throttle;

	private final ErrorWriter errors;

	AdminTokenFilter(String token, OperatorTokenThrottle throttle, ErrorWriter errors) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
		this.throttle = throttle;
		this.errors = errors;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && this.token.length > 0) {
			Optional<Long> wait = this.throttle.throttled(request);
			if (wait.isPresent()) {
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait.get()));
				this.errors.write(request, response, new ApiException(HttpStatus.TOO_MANY_REQUESTS,
						ErrorType.RATE_LIMIT_ERROR, "rate_limit_exceeded",
						"Too many wrong operator tokens from this address. Retry after the Retry-After header's seconds.",
						null));
				return;
			}
			if (header.regionMatches(true, 0, "Bearer ", 0, 7)
					&& MessageDigest.isEqual(this.token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
				SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("operator", null,
							List.of(new SimpleGrantedAuthority(ADMIN_AUTHORITY))));
			}
			else {
				this.throttle.failed(request);
			}
		}
		chain.doFilter(request, response);
	}

}
