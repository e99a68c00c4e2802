package dev.stile.apikey;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the key's organization, the key itself, its type and its mode. Every
 * query of the API is scoped by {@link #organizationId()} and {@link #livemode()}.
 *
 * @param allowedUseCases the use cases a publishable key was pinned to by the operator;
 * null when it may ask for any
 */
public record ApiKeyPrincipal(String organizationId, String keyId, KeyType type, boolean livemode,
		@Nullable List<String> allowedUseCases) {

	/** Whether this key may manage the organization's resources. */
	public boolean isSecret() {
		return this.type == KeyType.SECRET;
	}

	/** Whether this key may start a session for {@code useCase}. */
	public boolean mayAskFor(String useCase) {
		return this.allowedUseCases == null || this.allowedUseCases.contains(useCase);
	}

}
