package dev.stile.session;

import java.util.Map;
import java.util.UUID;

import dev.stile.support.Api;

/**
 * A second merchant, made through the operator API.
 */
final class OtherOrganization {

	private OtherOrganization() {
	}

	/** Creates an organization and answers a new key of the given type and mode. */
	static String createKey(Api api, String type, String mode) {
		String organization = api.call("POST", "/admin/v1/organizations")
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("name", "Other " + UUID.randomUUID()))
			.send()
			.json()
			.get("id")
			.asString();
		return api.call("POST", "/admin/v1/organizations/" + organization + "/api_keys")
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("type", type, "mode", mode))
			.send()
			.json()
			.get("secret")
			.asString();
	}

	static String createTestKey(Api api) {
		return createKey(api, "secret", "test");
	}

}
