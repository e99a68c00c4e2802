package dev.stile.apikey;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request's bearer key: unauthenticated as presented, authenticated once it matches a
 * stored, usable key. The clear key is dropped as soon as it has been checked.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	static final String SECRET_KEY_AUTHORITY = "SCOPE_secret_key";

	static final String PUBLISHABLE_KEY_AUTHORITY = "SCOPE_publishable_key";

	private final transient Object principal;

	private transient KeyValue presented;

	private ApiKeyAuthentication(KeyValue presented) {
		super(List.of());
		this.principal = presented.redacted();
		this.presented = presented;
	}

	private ApiKeyAuthentication(ApiKeyPrincipal principal) {
		super(authorities(principal));
		this.principal = principal;
		setAuthenticated(true);
	}

	static ApiKeyAuthentication unauthenticated(KeyValue presented) {
		return new ApiKeyAuthentication(presented);
	}

	static ApiKeyAuthentication authenticated(ApiKeyPrincipal principal) {
		return new ApiKeyAuthentication(principal);
	}

	private static List<GrantedAuthority> authorities(ApiKeyPrincipal principal) {
		return List
			.of(new SimpleGrantedAuthority(principal.isSecret() ? SECRET_KEY_AUTHORITY : PUBLISHABLE_KEY_AUTHORITY));
	}

	KeyValue presented() {
		return this.presented;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

	@Override
	public void eraseCredentials() {
		super.eraseCredentials();
		this.presented = null;
	}

}
