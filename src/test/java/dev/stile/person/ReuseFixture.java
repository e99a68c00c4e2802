package dev.stile.person;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.TestOrganization;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verified persons as a test needs them, in test mode (where the code is {@code 000000}):
 * an organization, a verification with an email, a session that accepts an existing one,
 * and the widget's code calls.
 */
final class ReuseFixture {

	static final String RIGHT_CODE = "000000";

	static final String WRONG_CODE = "123456";

	private final Api api;

	ReuseFixture(Api api) {
		this.api = api;
	}

	static String email() {
		return "customer-" + UUID.randomUUID() + "@example.com";
	}

	String organizationKey() {
		return TestOrganization.create(this.api).testSecretKey();
	}

	/** A session of {@code key} for {@code email}, verified with document capture. */
	JsonNode verify(String key, String email, boolean share) {
		JsonNode session = this.api
			.post(key, "/v1/verification_sessions", Map.of("type", "age", "use_case", "alcohol_delivery",
					"jurisdiction", "US-CA", "email", email, "methods", List.of("document_capture")))
			.json();
		String secret = session.get("client_secret").asString();
		if (share) {
			client("/consent", secret, Map.of("share_verification", true));
		}
		Response attempt = client("/attempts", secret, Map.of("method", "document_capture", "test_age", 40));
		assertThat(attempt.json().get("session").get("status").asString()).isEqualTo("verified");
		return session;
	}

	/** A session of {@code key} for {@code email} with {@code accept_existing}. */
	JsonNode reuseSession(String key, String email) {
		Map<String, Object> body = new HashMap<>(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction",
				"US-CA", "email", email, "accept_existing", true, "methods", List.of("facial_age")));
		Response created = this.api.post(key, "/v1/verification_sessions", body);
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json();
	}

	static String secret(JsonNode session) {
		return session.get("client_secret").asString();
	}

	JsonNode offer(JsonNode session) {
		return this.api.call("GET", "/v1/client/session").key(secret(session)).send().json().get("reuse_offer");
	}

	Response sendCode(JsonNode session) {
		return client("/reuse/send_code", secret(session), Map.of("channel", "email"));
	}

	Response verifyCode(JsonNode session, String code) {
		return client("/reuse/verify", secret(session), Map.of("code", code));
	}

	/** The customer proves the email in {@code session} and reuses what it offers. */
	void prove(JsonNode session) {
		assertThat(sendCode(session).status()).isEqualTo(200);
		Response verified = verifyCode(session, RIGHT_CODE);
		assertThat(verified.json().get("verified").asBoolean()).as(verified.body()).isTrue();
	}

	Response lookup(String key, String email) {
		return this.api.post(key, "/v1/verified_person/lookup", Map.of("email", email));
	}

	Response erase(String key, String personId, String query) {
		return this.api.call("DELETE", "/v1/verified_persons/" + personId + ((query != null) ? "?" + query : ""))
			.key(key)
			.send();
	}

	Response client(String path, String secret, Object body) {
		return this.api.call("POST", "/v1/client/session" + path).key(secret).json(body).send();
	}

}
