package dev.stile.support;

import java.util.List;
import java.util.Map;

import dev.stile.support.Api.Response;
import tools.jackson.databind.JsonNode;

/**
 * A fresh organization made through the operator API, so that a test sees only the data
 * it created itself although every integration test shares one database.
 */
public final class TestOrganization {

	/** The operator API's organizations. */
	public static final String ORGANIZATIONS = "/admin/v1/organizations";

	private final Api api;

	private final String id;

	private TestOrganization(Api api, String id) {
		this.api = api;
		this.id = id;
	}

	/** Creates an organization, failing the test unless the operator API answers 201. */
	public static TestOrganization create(Api api) {
		Response response = api.call("POST", ORGANIZATIONS)
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("name", "Test organization"))
			.send();
		if (response.status() != 201) {
			throw new AssertionError("organization create failed: " + response.status() + " " + response.body());
		}
		return new TestOrganization(api, response.json().get("id").asString());
	}

	public String id() {
		return this.id;
	}

	/** The path of this organization's keys. */
	public String keysPath() {
		return ORGANIZATIONS + "/" + this.id + "/api_keys";
	}

	/**
	 * Issues a key and answers the operator API's view of it, {@code secret} included.
	 * @param type {@code secret} or {@code publishable}
	 * @param mode {@code test} or {@code live}
	 */
	public JsonNode issueKey(String type, String mode) {
		Response response = this.api.call("POST", keysPath())
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("type", type, "mode", mode))
			.send();
		if (response.status() != 201) {
			throw new AssertionError("key create failed: " + response.status() + " " + response.body());
		}
		return response.json();
	}

	/** A new secret key of this organization in test mode. */
	public String testSecretKey() {
		return issueKey("secret", "test").get("secret").asString();
	}

	/**
	 * A new test secret key allowed {@code perMinute} requests a minute, for a test that
	 * makes more than the default allows.
	 */
	public String testSecretKeyAllowing(int perMinute) {
		JsonNode key = issueKey("secret", "test");
		Response response = this.api.call("POST", keysPath() + "/" + key.get("id").asString() + "/rate_limit")
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("per_minute", perMinute))
			.send();
		if (response.status() != 200) {
			throw new AssertionError("rate limit change failed: " + response.status() + " " + response.body());
		}
		return key.get("secret").asString();
	}

	/** A new secret key of this organization in live mode. */
	public String liveSecretKey() {
		return issueKey("secret", "live").get("secret").asString();
	}

	/**
	 * A new live secret key of this organization that can create sessions: live sessions
	 * need an enabled live webhook endpoint, so one is created, failing the test unless
	 * the API answers 200.
	 */
	public String liveSecretKeyForSessions() {
		String key = liveSecretKey();
		Response endpoint = this.api.post(key, "/v1/webhook_endpoints",
				Map.of("url", "https://hooks.example.com/stile", "enabled_events", List.of("*")));
		if (endpoint.status() != 200) {
			throw new AssertionError("webhook endpoint create failed: " + endpoint.status() + " " + endpoint.body());
		}
		return key;
	}

	/** A new publishable key of this organization in test mode. */
	public String testPublishableKey() {
		return issueKey("publishable", "test").get("secret").asString();
	}

}
