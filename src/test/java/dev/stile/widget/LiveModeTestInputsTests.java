package dev.stile.widget;

import java.util.List;
import java.util.Map;

import dev.stile.method.LicenceImages;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live mode ignores the test inputs a client sends: {@code skip_verification} on create,
 * {@code test_outcome} and {@code test_age} on an attempt. Only a real reading verifies a
 * live session.
 */
@IntegrationTest
class LiveModeTestInputsTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	private static final String ENDPOINTS = "/v1/webhook_endpoints";

	private static final String ATTEMPTS = "/v1/client/session/attempts";

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	private String liveKey;

	private String endpoint;

	@BeforeEach
	void liveOrganizationWithAWebhookEndpoint() {
		this.liveKey = TestOrganization.create(this.api).liveSecretKey();
		Response endpoint = this.api.post(this.liveKey, ENDPOINTS,
				Map.of("url", "https://hooks.merchant.example/live", "enabled_events", List.of("*")));
		assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
		this.endpoint = endpoint.json().get("id").asString();
	}

	@AfterEach
	void unsubscribe() {
		this.api.call("DELETE", ENDPOINTS + "/" + this.endpoint).key(this.liveKey).send();
	}

	private JsonNode createLive(Map<String, Object> body) {
		Response response = this.api.post(this.liveKey, SESSIONS, body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("livemode").asBoolean()).isTrue();
		return response.json();
	}

	private JsonNode retrieve(String id) {
		return this.api.get(this.liveKey, SESSIONS + "/" + id + "?expand[]=results").json();
	}

	@Test
	void skipVerificationDoesNotVerifyALiveSession() {
		JsonNode session = createLive(Map.of("type", "age", "jurisdiction", "US-CA", "methods",
				List.of("document_capture"), "skip_verification", true));

		assertThat(session.get("status").asString()).isEqualTo("created");
		JsonNode stored = retrieve(session.get("id").asString());
		assertThat(stored.get("status").asString()).isEqualTo("created");
		assertThat(stored.get("results")).isEmpty();
	}

	@Test
	void testOutcomeAndTestAgeDoNotVerifyALiveAttempt() {
		JsonNode session = createLive(
				Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("document_capture")));
		String secret = session.get("client_secret").asString();

		// As JSON: the live method needs a photo, whatever the test inputs say.
		Response json = this.api.call("POST", ATTEMPTS)
			.key(secret)
			.json(Map.of("method", "document_capture", "test_outcome", "verified", "test_age", 40))
			.send();
		// With a photo that holds no licence: the photo is read, the test inputs are not.
		Response photo = this.api.call("POST", ATTEMPTS)
			.key(secret)
			.multipart(Map.of("method", "document_capture", "test_outcome", "verified", "test_age", "40"), "image",
					LicenceImages.blankPhoto(), "image/png")
			.send();

		assertThat(json.status()).as(json.body()).isBetween(400, 499);
		assertThat(photo.status()).as(photo.body()).isEqualTo(200);
		assertThat(photo.json().get("result").get("status").asString()).isNotEqualTo("verified");
		assertThat(photo.json().get("result").get("error_code").asString()).isEqualTo("barcode_unreadable");
		JsonNode stored = retrieve(session.get("id").asString());
		assertThat(stored.get("status").asString()).isNotEqualTo("verified");
		assertThat(stored.get("results").valueStream().map((result) -> result.get("status").asString()).toList())
			.doesNotContain("verified");
	}

	@Test
	void aRealLicenceStillVerifiesALiveSession() {
		// The control: the same live session and method verify from a real reading.
		JsonNode session = createLive(
				Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("document_capture")));
		byte[] licence = LicenceImages.photo(
				LicenceImages.aamva(this.clock.today().minusYears(40), this.clock.today().plusYears(3), "D7654321"), 0,
				false);

		Response answer = this.api.call("POST", ATTEMPTS)
			.key(session.get("client_secret").asString())
			.multipart(Map.of("method", "document_capture"), "image", licence, "image/png")
			.send();

		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().get("session").get("status").asString()).isEqualTo("verified");
	}

}
