package dev.stile.security;

import java.util.List;
import java.util.Map;

import dev.stile.support.TestOrganization;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import tools.jackson.databind.JsonNode;

/**
 * An organization with one object of every kind that an endpoint takes an id of: a
 * session (with its client secret), its events, a webhook endpoint (with its signing
 * secret) and a verified person, plus keys of every kind.
 */
final class Tenant {

	static final String SESSIONS = "/v1/verification_sessions";

	static final String CLIENT = "/v1/client/session";

	final Api api;

	final TestOrganization organization;

	final String secretKey;

	final String liveKey;

	final String publishableKey;

	final String revokedKey;

	final String sessionId;

	final String clientSecret;

	final String eventId;

	final String endpointId;

	final String endpointSecret;

	final String personId;

	final String verifiedSessionId;

	final String marker;

	private Tenant(Api api) {
		this.api = api;
		this.organization = TestOrganization.create(api);
		this.secretKey = this.organization.testSecretKey();
		this.liveKey = this.organization.liveSecretKey();
		this.publishableKey = this.organization.testPublishableKey();
		JsonNode revoked = this.organization.issueKey("secret", "test");
		this.revokedKey = revoked.get("secret").asString();
		this.marker = "marker-" + this.organization.id();
		JsonNode session = ok(api.post(this.secretKey, SESSIONS, Map.of("type", "age", "jurisdiction", "US-CA",
				"client_reference_id", this.marker, "metadata", Map.of("tag", this.marker))));
		this.sessionId = session.get("id").asString();
		this.clientSecret = session.get("client_secret").asString();
		this.eventId = ok(api.get(this.secretKey, "/v1/events?session_id=" + this.sessionId)).get("data")
			.get(0)
			.get("id")
			.asString();
		JsonNode endpoint = ok(api.post(this.secretKey, "/v1/webhook_endpoints",
				Map.of("url", "https://hooks.example.com/" + this.marker, "enabled_events", List.of("*"), "description",
						this.marker)));
		this.endpointId = endpoint.get("id").asString();
		this.endpointSecret = endpoint.get("secret").asString();
		String email = this.marker.toLowerCase() + "@example.com";
		JsonNode verified = ok(api.post(this.secretKey, SESSIONS, Map.of("type", "age", "jurisdiction", "US-CA",
				"email", email, "methods", List.of("document_capture"))));
		this.verifiedSessionId = verified.get("id").asString();
		ok(api.call("POST", CLIENT + "/attempts")
			.key(verified.get("client_secret").asString())
			.json(Map.of("method", "document_capture", "test_age", 40))
			.send());
		this.personId = ok(api.post(this.secretKey, "/v1/verified_person/lookup", Map.of("email", email)))
			.get("verified_person_id")
			.asString();
		api.call("POST", this.organization.keysPath() + "/" + revoked.get("id").asString() + "/revoke")
			.key(Api.ADMIN_TOKEN)
			.send();
	}

	static Tenant create(Api api) {
		return new Tenant(api);
	}

	/** The id of this tenant's object of {@code kind}. */
	String id(Kind kind) {
		return switch (kind) {
			case SESSION -> this.sessionId;
			case EVENT -> this.eventId;
			case ENDPOINT -> this.endpointId;
			case PERSON -> this.personId;
		};
	}

	/** Every secret this tenant holds, none of which may reach anybody else. */
	List<String> secrets() {
		return List.of(this.secretKey, this.liveKey, this.publishableKey, this.revokedKey, this.clientSecret,
				this.endpointSecret);
	}

	/** Everything that identifies this tenant's data. */
	List<String> identifiers() {
		return List.of(this.organization.id(), this.sessionId, this.eventId, this.endpointId, this.personId,
				this.verifiedSessionId, this.marker);
	}

	/** A new open session of this tenant (its JSON on create, client secret included). */
	JsonNode freshSession() {
		return ok(this.api.post(this.secretKey, SESSIONS,
				Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("facial_age", "document_capture"))));
	}

	/** A new webhook endpoint of this tenant, by id. */
	String freshEndpoint() {
		return ok(this.api.post(this.secretKey, "/v1/webhook_endpoints",
				Map.of("url", "https://hooks.example.com/fresh", "enabled_events", List.of("*"))))
			.get("id")
			.asString();
	}

	/** A request of a test: method, path and the credential it is sent with. */
	record Request(String method, String path, String key) {
	}

	static JsonNode ok(Response response) {
		if (response.status() != 200) {
			throw new AssertionError("expected 200: " + response.status() + " " + response.body());
		}
		return response.json();
	}

	/** The kinds of object an endpoint takes the id of. */
	enum Kind {

		SESSION("vks"), EVENT("evt"), ENDPOINT("we"), PERSON("vp");

		final String prefix;

		Kind(String prefix) {
			this.prefix = prefix;
		}

	}

}
