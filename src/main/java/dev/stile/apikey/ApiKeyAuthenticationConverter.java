package dev.stile.apikey;

import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <key>}. No header means anonymous (refused later by
 * the entry point); a header that is not a well-formed key is refused at once.
 */
final class ApiKeyAuthenticationConverter implements AuthenticationConverter {

	@Override
	public Authentication convert(HttpServletRequest request) {
		List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
		if (headers.isEmpty()) {
			return null;
		}
		if (headers.size() > 1) {
			throw new BadCredentialsException("Send exactly one Authorization header.");
		}
		String header = headers.get(0).trim();
		if (header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new BadCredentialsException("Send your API key as a bearer token: Authorization: Bearer vk_test_...");
		}
		String presented = header.substring(7).trim();
		return KeyValue.parse(presented)
			.map(ApiKeyAuthentication::unauthenticated)
			.orElseThrow(() -> new BadCredentialsException(
					"Invalid API key provided: " + KeyValue.redact(presented.length() > 64 ? "" : presented)));
	}

}
