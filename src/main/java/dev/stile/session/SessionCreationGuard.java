package dev.stile.session;

import dev.stile.apikey.ApiKeyPrincipal;

/**
 * A condition another capability sets on creating sessions (e.g. live mode needs a
 * webhook endpoint). Throws an {@link dev.stile.api.ApiException} to refuse.
 */
public interface SessionCreationGuard {

	void check(ApiKeyPrincipal caller);

}
