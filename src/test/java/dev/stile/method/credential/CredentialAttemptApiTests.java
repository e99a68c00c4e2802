package dev.stile.method.credential;

import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A presentation sent through the client-secret attempt API in test mode: what is a 400,
 * what is a failed result, and a real presentation verified end to end.
 */
@IntegrationTest
class CredentialAttemptApiTests {

	private static final String ATTEMPTS = "/v1/client/session/attempts";

	private static final Map<String, Object> HANDOVER = Map.of("client_id", "x509_san_dns:verifier.example.com",
			"nonce", "abc", "response_uri", "https://verifier.example.com/response");

	@Autowired
	private Api api;

	@Autowired
	private Environment environment;

	@AfterEach
	void clearAnchors() throws Exception {
		new AnchorDirectories(this.api, this.environment).clear();
	}

	@Test
	void aMissingPresentationIsA400NamingIt() {
		Response response = attempt(session("mdl"), Map.of("method", "mdl", "test_handover", HANDOVER));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("parameter_missing");
		assertThat(response.error().get("param").asString()).isEqualTo("presentation");
	}

	@Test
	void aPresentationThatIsNotAStringIsA400NamingIt() {
		Response response = attempt(session("mdl"),
				Map.of("method", "mdl", "presentation", List.of(1, 2), "test_handover", HANDOVER));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("parameter_invalid");
		assertThat(response.error().get("param").asString()).isEqualTo("presentation");
	}

	@Test
	void withoutATestHandoverThereIsNoRequestToAnswer() {
		Response response = attempt(session("mdl"), Map.of("method", "mdl", "presentation", "o2d2ZXJzaW9u"));

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.error().get("code").asString()).isEqualTo("wallet_request_missing");
		assertThat(response.error().get("param").asString()).isEqualTo("test_handover");
	}

	@Test
	void aTestHandoverIsChecked() {
		String secret = session("mdl");
		Map<String, Object> noResponseUri = Map.of("client_id", "a", "nonce", "b");
		Map<String, Object> unknown = Map.of("client_id", "a", "nonce", "b", "response_uri", "c", "colour", "d");
		Map<String, Object> badAt = Map.of("client_id", "a", "nonce", "b", "response_uri", "c", "at", "yesterday");

		assertThat(param(attempt(secret, Map.of("method", "mdl", "presentation", "o2d2", "test_handover", "x"))))
			.isEqualTo("test_handover");
		assertThat(param(attempt(secret,
				Map.of("method", "mdl", "presentation", "o2d2", "test_handover", Map.of("nonce", "b")))))
			.isEqualTo("test_handover.client_id");
		assertThat(
				param(attempt(secret, Map.of("method", "mdl", "presentation", "o2d2", "test_handover", noResponseUri))))
			.isEqualTo("test_handover.response_uri");
		assertThat(param(attempt(secret, Map.of("method", "mdl", "presentation", "o2d2", "test_handover", unknown))))
			.isEqualTo("test_handover.colour");
		assertThat(param(attempt(secret, Map.of("method", "mdl", "presentation", "o2d2", "test_handover", badAt))))
			.isEqualTo("test_handover.at");
		// None of these wrote a result: the user may still try.
		assertThat(this.api.call("GET", "/v1/client/session").key(secret).send().json().get("status").asString())
			.isEqualTo("created");
	}

	@Test
	void badBase64IsAFailedResultNotAnError() {
		String secret = session("mdl");

		Response response = attempt(secret,
				Map.of("method", "mdl", "presentation", "not*base64!", "test_handover", HANDOVER));

		assertThat(response.status()).isEqualTo(200);
		JsonNode result = response.json().get("result");
		assertThat(result.get("status").asString()).isEqualTo("failed");
		assertThat(result.get("error_code").asString()).isEqualTo("presentation_malformed");
		assertThat(result.get("error_message").asString()).contains("could not be read");
		assertThat(result.get("provider_name").asString()).isEqualTo("stile");
		assertThat(result.get("issuing_jurisdiction").isNull()).isTrue();
		assertThat(response.json().get("session").get("status").asString()).isEqualTo("failed");
	}

	@Test
	void aPresentationOverTheLimitIsRefused() {
		// 256 KiB and one byte, as base64url: fits the attempt body, not the verifier.
		String justOver = "A".repeat(349_528 + 4);
		Response over = attempt(session("mdl"),
				Map.of("method", "mdl", "presentation", justOver, "test_handover", HANDOVER));
		assertThat(over.status()).isEqualTo(200);
		assertThat(over.json().get("result").get("error_code").asString()).isEqualTo("presentation_malformed");

		Response tooLarge = attempt(session("mdl"),
				Map.of("method", "mdl", "presentation", "A".repeat(400_000), "test_handover", HANDOVER));
		assertThat(tooLarge.status()).isEqualTo(400);
		assertThat(tooLarge.error().get("code").asString()).isEqualTo("body_too_large");
	}

	@Test
	void testInputsStillRunTheSimulator() {
		Response response = attempt(session("eudi_pid"), Map.of("method", "eudi_pid", "test_outcome", "verified"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("result").get("provider_name").asString()).isEqualTo("stile_test_mode");
	}

	@Test
	void aRealPidPresentationVerifiesTheSessionAndItsWebhookEventIsRecorded() throws Exception {
		Instant now = Instant.now();
		TestPresentations presentations = new TestPresentations(now);
		AnchorDirectories directories = new AnchorDirectories(this.api, this.environment);
		directories.trust(directories.pid(), "pid-root.pem", presentations.root());
		JsonNode session = this.api
			.createSession(Map.of("type", "identity", "jurisdiction", "DE", "methods", List.of("eudi_pid")));
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("given_name", "Erika");
		claims.put("family_name", "Mustermann");
		claims.put("birthdate", "1984-01-26");
		claims.put("issuing_country", "DE");
		claims.put("issuing_authority", "DE");
		claims.put("document_number", "T22000129");

		Response response = attempt(session.get("client_secret").asString(), Map.of("method", "eudi_pid",
				"presentation", presentations.pid(claims, now), "test_handover", TestPresentations.handover(now)));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode result = response.json().get("result");
		assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("verified");
		assertThat(result.get("identity_verified").asBoolean()).isTrue();
		assertThat(result.get("provider_name").asString()).isEqualTo("stile");
		assertThat(result.get("issuing_jurisdiction").asString()).isEqualTo("DE");
		assertThat(response.json().get("session").get("status").asString()).isEqualTo("verified");
		JsonNode events = this.api.get(TEST_SECRET_KEY, "/v1/events?type=verification_session.verified").json();
		assertThat(events.get("data")
			.valueStream()
			.map((event) -> event.get("data").get("object").get("id").asString())
			.toList()).contains(session.get("id").asString());
	}

	@Test
	void anMdlMadeByAnotherImplementationVerifiesAnAlcoholSession() throws Exception {
		// A DeviceResponse made by @auth0/mdl (src/test/interop/mdoc), with its IACA and
		// handover.
		JsonNode vector = JsonMapper.builder()
			.build()
			.readTree(new ClassPathResource("credential/interop/mdl-auth0.json").getInputStream());
		AnchorDirectories directories = new AnchorDirectories(this.api, this.environment);
		Files.writeString(directories.mdl().resolve("interop-iaca.pem"), vector.get("iaca").asString());
		assertThat(directories.reload().status()).isEqualTo(200);
		JsonNode session = this.api.createSession(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction",
				"US-CO", "methods", List.of("mdl")));
		JsonNode handover = vector.get("handover");
		Map<String, Object> testHandover = Map.of("client_id", handover.get("clientId").asString(), "nonce",
				handover.get("nonce").asString(), "response_uri", handover.get("responseUri").asString(), "at",
				Instant.parse(vector.get("at").asString()).getEpochSecond());
		String presentation = vector.get("presentations").get("es256DeviceSignature").asString();

		Response response = attempt(session.get("client_secret").asString(),
				Map.of("method", "mdl", "presentation", presentation, "test_handover", testHandover));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode result = response.json().get("result");
		assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("verified");
		assertThat(result.get("age_verified").asBoolean()).isTrue();
		assertThat(result.get("provider_name").asString()).isEqualTo("stile");
		assertThat(response.json().get("session").get("status").asString()).isEqualTo("verified");
		assertThat(response.json().get("session").get("age_tier").asString()).isEqualTo("over_21");

		// The same bytes bound to another request: the device signed another transcript.
		JsonNode again = this.api.createSession(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction",
				"US-CO", "methods", List.of("mdl")));
		Map<String, Object> otherNonce = new LinkedHashMap<>(testHandover);
		otherNonce.put("nonce", "another");
		Response replayed = attempt(again.get("client_secret").asString(),
				Map.of("method", "mdl", "presentation", presentation, "test_handover", otherNonce));
		assertThat(replayed.json().get("result").get("error_code").asString()).isEqualTo("device_auth_failed");
	}

	@Test
	void aPresentationForAnotherNonceFailsWithItsCode() throws Exception {
		Instant now = Instant.now();
		TestPresentations presentations = new TestPresentations(now);
		AnchorDirectories directories = new AnchorDirectories(this.api, this.environment);
		directories.trust(directories.pid(), "pid-root.pem", presentations.root());
		String secret = session("eudi_pid");
		Map<String, Object> otherNonce = new LinkedHashMap<>(TestPresentations.handover(now));
		otherNonce.put("nonce", "another");

		Response response = attempt(secret, Map.of("method", "eudi_pid", "presentation",
				presentations.pid(Map.of("birthdate", "1984-01-26"), now), "test_handover", otherNonce));

		assertThat(response.json().get("result").get("error_code").asString()).isEqualTo("nonce_mismatch");
	}

	@Test
	void aPidChainingToAnUnloadedRootIsAnUntrustedIssuer() {
		Instant now = Instant.now();
		TestPresentations presentations = new TestPresentations(now);

		Response response = attempt(session("eudi_pid"),
				Map.of("method", "eudi_pid", "presentation", presentations.pid(Map.of("birthdate", "1984-01-26"), now),
						"test_handover", TestPresentations.handover(now)));

		assertThat(response.json().get("result").get("error_code").asString()).isEqualTo("untrusted_issuer");
	}

	private String session(String method) {
		String jurisdiction = "eudi_pid".equals(method) ? "DE" : "US-CO";
		return this.api.createSession(Map.of("type", "age", "jurisdiction", jurisdiction, "methods", List.of(method)))
			.get("client_secret")
			.asString();
	}

	private Response attempt(String secret, Map<String, Object> body) {
		return this.api.call("POST", ATTEMPTS).key(secret).json(body).send();
	}

	private static String param(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		return response.error().get("param").asString();
	}

}
