package dev.stile.apikey;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Matches a presented key against the stored hashes; revoked and expired keys do not
 * match.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

	private final ApiKeyService service;

	ApiKeyAuthenticationProvider(ApiKeyService service) {
		this.service = service;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		KeyValue presented = ((ApiKeyAuthentication) authentication).presented();
		return this.service.authenticate(presented)
			.map(ApiKeyAuthentication::authenticated)
			.orElseThrow(() -> new BadCredentialsException("Invalid API key provided: " + presented.redacted()));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApiKeyAuthentication.class.isAssignableFrom(authentication);
	}

}
