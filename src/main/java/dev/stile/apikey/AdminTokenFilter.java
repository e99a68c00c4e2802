package dev.stile.apikey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the operator in when the request carries {@code STILE_ADMIN_TOKEN} as its bearer
 * token, compared in constant time.
 */
final class AdminTokenFilter extends OncePerRequestFilter {

	static final String ADMIN_AUTHORITY = "SCOPE_admin";

	private final byte[] token;

	AdminTokenFilter(String token) {
		this.token = token.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && this.token.length > 0
				&& MessageDigest.isEqual(this.token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))) {
			SecurityContextHolder.getContext()
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("operator", null,
						List.of(new SimpleGrantedAuthority(ADMIN_AUTHORITY))));
		}
		chain.doFilter(request, response);
	}

}
