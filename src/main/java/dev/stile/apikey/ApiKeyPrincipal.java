package dev.stile.apikey;

/**
 * Who is calling: the key's organization, the key itself, its type and its mode. Every
 * query of the API is scoped by {@link #organizationId()} and {@link #livemode()}.
 */
public record ApiKeyPrincipal(String organizationId, String keyId, KeyType type, boolean livemode) {

	/** Whether this key may manage the organization's resources. */
	public boolean isSecret() {
		return this.type == KeyType.SECRET;
	}

}
