package dev.stile.oid4vp;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stile.credential.TestMdocs;
import dev.stile.credential.TestPki;
import dev.stile.method.credential.AnchorDirectories;
import dev.stile.method.credential.TestPresentations;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wallet answers a session's OpenID4VP request through the real endpoints: an mDL for
 * an age session in Colorado (encrypted, direct_post.jwt) and an EU PID for an identity
 * session in Germany (direct_post), and everything a response can get wrong.
 */
@IntegrationTest
class WalletFlowTests {

	private static final String REQUESTS = "/v1/client/session/presentation_requests";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String MDL_NAMESPACE = "org.iso.18013.5.1";

	@Autowired
	private Api api;

	@Autowired
	private Environment environment;

	@Autowired
	private TestClock clock;

	@Autowired
	private WebServerApplicationContext server;

	private TestWallet wallet;

	private TestPki.Issued documentSigner;

	@BeforeEach
	void trustTheWalletsIssuer() throws Exception {
		this.wallet = new TestWallet(URI.create("http://localhost:" + this.server.getWebServer().getPort()));
		TestPki.Issued iaca = TestPki.root("Wallet test IACA", Instant.now());
		this.documentSigner = TestPki.signer(iaca, "Wallet test DS", Instant.now(), TestPki.MDL_DOCUMENT_SIGNER_EKU);
		AnchorDirectories directories = new AnchorDirectories(this.api, this.environment);
		directories.trust(directories.mdl(), "wallet-iaca.pem", iaca);
	}

	@AfterEach
	void clear() throws Exception {
		this.clock.reset();
		new AnchorDirectories(this.api, this.environment).clear();
	}

	@Test
	void anMdlFromTheSameDeviceLinkVerifiesAnAgeSessionInColorado() throws Exception {
		JsonNode session = this.api
			.createSession(Map.of("type", "age", "jurisdiction", "US-CO", "methods", List.of("mdl")));
		String secret = session.get("client_secret").asString();
		assertThat(status(secret)).isEqualTo("created");

		JsonNode created = create(secret, Map.of("method", "mdl"));
		assertThat(created.get("object").asString()).isEqualTo("presentation_request");
		assertThat(created.get("id").asString()).startsWith("vpr_");
		assertThat(created.get("status").asString()).isEqualTo("pending");
		assertThat(created.get("response_mode").asString()).isEqualTo("direct_post.jwt");
		assertThat(created.get("client_id").asString()).startsWith("x509_hash:");
		assertThat(created.get("expires_at").asLong() - created.get("created").asLong()).isEqualTo(300);
		assertThat(created.get("qr_svg").asString()).startsWith("<svg").contains("<path");
		TestWallet.Request request = this.wallet.open(created.get("same_device_url").asString());

		assertThat(request.text("response_mode")).isEqualTo("direct_post.jwt");
		assertThat(request.text("response_uri")).endsWith("/v1/oid4vp/responses/" + created.get("id").asString());
		assertThat(request.firstCredentialQuery().get("format")).isEqualTo("mso_mdoc");
		assertThat(request.requestedPaths()).containsExactly(List.of(MDL_NAMESPACE, "age_over_18"),
				List.of(MDL_NAMESPACE, "issuing_jurisdiction"), List.of(MDL_NAMESPACE, "issuing_country"));
		assertThat(request.encryptionKey().getCurve().getName()).isEqualTo("P-256");
		assertThat(request.encryptionKey().isPrivate()).isFalse();

		HttpResponse<String> answered = this.wallet.answer(request, "mdl", mdl(request));

		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		String redirect = JSON.readTree(answered.body()).get("redirect_uri").asString();
		assertThat(redirect).contains("/verify/" + session.get("id").asString() + "#response_code=");
		assertThat(this.wallet.follow(redirect).statusCode()).isEqualTo(200);
		JsonNode verified = this.api
			.get(TEST_SECRET_KEY, "/v1/verification_sessions/" + session.get("id").asString() + "?expand[]=results")
			.json();
		assertThat(verified.get("status").asString()).isEqualTo("verified");
		JsonNode result = verified.get("results").get(0);
		assertThat(result.get("method").asString()).isEqualTo("mdl");
		assertThat(result.get("status").asString()).isEqualTo("verified");
		assertThat(result.get("provider_name").asString()).isEqualTo("stile");
		assertThat(result.get("age_verified").asBoolean()).isTrue();
		assertThat(result.get("issuing_jurisdiction").asString()).isEqualTo("US-CO");
		JsonNode followed = retrieve(secret, created.get("id").asString());
		assertThat(followed.get("status").asString()).isEqualTo("verified");
		assertThat(followed.get("result_id").asString()).isEqualTo(result.get("id").asString());

		// The page hands back the code from the fragment: the answer came back to it.
		String code = redirect.substring(redirect.indexOf("#response_code=") + 15);
		Response wrong = this.api.call("POST", REQUESTS + "/" + created.get("id").asString() + "/response_code")
			.key(secret)
			.json(Map.of("response_code", "not-the-code"))
			.send();
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.error().get("param").asString()).isEqualTo("response_code");
		Response confirmed = this.api.call("POST", REQUESTS + "/" + created.get("id").asString() + "/response_code")
			.key(secret)
			.json(Map.of("response_code", code))
			.send();
		assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
		assertThat(confirmed.json().get("response_code_confirmed").asBoolean()).isTrue();
	}

	@Test
	void aPidPostedAsAPlainFormVerifiesAnIdentitySessionInGermany() throws Exception {
		Instant now = Instant.now();
		TestPresentations pids = new TestPresentations(now);
		AnchorDirectories directories = new AnchorDirectories(this.api, this.environment);
		directories.trust(directories.pid(), "wallet-pid-root.pem", pids.root());
		JsonNode session = this.api
			.createSession(Map.of("type", "identity", "jurisdiction", "DE", "methods", List.of("eudi_pid")));
		String secret = session.get("client_secret").asString();
		JsonNode created = create(secret, Map.of("method", "eudi_pid", "response_mode", "direct_post"));
		TestWallet.Request request = this.wallet.open(created.get("same_device_url").asString());
		assertThat(request.text("response_mode")).isEqualTo("direct_post");
		assertThat(request.claims()).doesNotContainKey("client_metadata.jwks");
		assertThat(request.firstCredentialQuery().get("format")).isEqualTo("dc+sd-jwt");
		Map<String, Object> claims = new LinkedHashMap<>();
		for (List<String> path : request.requestedPaths()) {
			claims.put(path.get(0), switch (path.get(0)) {
				case "given_name" -> "Erika";
				case "family_name" -> "Mustermann";
				case "birthdate" -> "1984-01-26";
				case "document_number" -> "T22000129";
				default -> "DE";
			});
		}
		assertThat(claims).containsKeys("given_name", "family_name", "birthdate", "document_number", "issuing_country");

		HttpResponse<String> answered = this.wallet.answer(request, "pid",
				pids.pid(claims, now, request.text("client_id"), request.text("nonce")));

		assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
		assertThat(JSON.readTree(answered.body()).get("redirect_uri").asString()).contains("#response_code=");
		assertThat(status(secret)).isEqualTo("verified");
		assertThat(retrieve(secret, created.get("id").asString()).get("status").asString()).isEqualTo("verified");
	}

	@Test
	void aSecondAnswerIsRefusedAndWritesNoSecondResult() throws Exception {
		JsonNode session = ageSession();
		String secret = session.get("client_secret").asString();
		JsonNode created = create(secret, Map.of("method", "mdl"));
		TestWallet.Request request = this.wallet.open(created.get("same_device_url").asString());
		String body = "response="
				+ this.wallet.encrypt(request, Map.of("mdl", List.of(mdl(request))), request.text("state"));
		assertThat(this.wallet.post(request.text("response_uri"), body).statusCode()).isEqualTo(200);

		HttpResponse<String> replay = this.wallet.post(request.text("response_uri"), body);

		assertRefused(replay, 400, "presentation_request_used");
		assertThat(results(session)).hasSize(1);
		assertThat(status(secret)).isEqualTo("verified");
		assertRefused(this.wallet.follow(request.text("response_uri").replace("responses", "requests")), 400,
				"presentation_request_used");
	}

	@Test
	void anExpiredRequestIsNeitherServedNorAnswered() throws Exception {
		JsonNode session = ageSession();
		String secret = session.get("client_secret").asString();
		JsonNode created = create(secret, Map.of("method", "mdl"));
		TestWallet.Request request = this.wallet.open(created.get("same_device_url").asString());
		String presentation = mdl(request);

		this.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

		assertRefused(this.wallet.answer(request, "mdl", presentation), 400, "presentation_request_expired");
		assertRefused(this.wallet.follow(created.get("request_uri").asString()), 400, "presentation_request_expired");
		assertThat(retrieve(secret, created.get("id").asString()).get("status").asString()).isEqualTo("expired");
		assertThat(results(session)).isEmpty();
		assertThat(status(secret)).isEqualTo("created");
	}

	@Test
	void aWrongStateIsRefusedAndTheRequestCanStillBeAnswered() throws Exception {
		JsonNode session = ageSession();
		String secret = session.get("client_secret").asString();
		TestWallet.Request request = this.wallet
			.open(create(secret, Map.of("method", "mdl")).get("same_device_url").asString());
		String presentation = mdl(request);

		HttpResponse<String> wrong = this.wallet.answer(request, "mdl", presentation, "another-state");

		assertRefused(wrong, 400, "parameter_invalid");
		assertThat(JSON.readTree(wrong.body()).get("error").get("param").asString()).isEqualTo("state");
		assertThat(results(session)).isEmpty();
		assertThat(status(secret)).isEqualTo("created");
		assertThat(this.wallet.answer(request, "mdl", presentation).statusCode()).isEqualTo(200);
		assertThat(status(secret)).isEqualTo("verified");
	}

	@Test
	void garbageAndOversizedResponsesAreRefusedInTheEnvelopeAndChangeNothing() throws Exception {
		JsonNode session = ageSession();
		String secret = session.get("client_secret").asString();
		TestWallet.Request request = this.wallet
			.open(create(secret, Map.of("method", "mdl")).get("same_device_url").asString());
		String uri = request.text("response_uri");

		assertRefused(this.wallet.post(uri, "response=not.a.jwe"), 400, "parameter_invalid");
		assertRefused(this.wallet.post(uri, "response=%ZZ"), 400, "body_invalid");
		assertRefused(this.wallet.post(uri, "response=%C3%28"), 400, "body_invalid");
		assertRefused(
				this.wallet.postBytes(uri, new byte[] { 'r', '=', (byte) 0xff }, "application/x-www-form-urlencoded"),
				400, "body_invalid");
		assertRefused(this.wallet.post(uri, "response=a&response=b"), 400, "body_invalid");
		assertRefused(this.wallet.post(uri, ""), 400, "parameter_missing");
		assertRefused(this.wallet.post(uri, "vp_token=%7B%7D&state=x"), 400, "parameter_missing");
		assertRefused(this.wallet.postBytes(uri, "{}".getBytes(StandardCharsets.US_ASCII), "application/json"), 415,
				"unsupported_media_type");
		String encryptedGarbage = this.wallet.encrypt(request, Map.of("mdl", List.of(12)), request.text("state"));
		assertRefused(this.wallet.post(uri, "response=" + encryptedGarbage), 400, "parameter_invalid");
		String huge = "response=" + "A".repeat(2 * 1024 * 1024);
		assertRefused(this.wallet.post(uri, huge), 400, "body_too_large");
		assertRefused(
				this.wallet.post(uri.replace(uri.substring(uri.lastIndexOf('/') + 1), "vpr_unknown"), "response=x"),
				404, "resource_missing");

		assertThat(results(session)).isEmpty();
		assertThat(status(secret)).isEqualTo("created");
		// None of them used the request up.
		assertThat(this.wallet.answer(request, "mdl", mdl(request)).statusCode()).isEqualTo(200);
	}

	@Test
	void aRequestIsOnlyForTheSessionsCurrentWalletMethod() {
		String secret = ageSession().get("client_secret").asString();

		Response other = this.api.call("POST", REQUESTS).key(secret).json(Map.of("method", "eudi_pid")).send();
		assertThat(other.status()).isEqualTo(400);
		assertThat(other.error().get("param").asString()).isEqualTo("method");
		Response notWallet = this.api.call("POST", REQUESTS).key(secret).json(Map.of("method", "facial_age")).send();
		assertThat(notWallet.status()).isEqualTo(400);
		Response mode = this.api.call("POST", REQUESTS)
			.key(secret)
			.json(Map.of("method", "mdl", "response_mode", "fragment"))
			.send();
		assertThat(mode.error().get("param").asString()).isEqualTo("response_mode");
		assertThat(this.api.call("POST", REQUESTS).json(Map.of("method", "mdl")).send().status()).isEqualTo(401);
		String otherSecret = ageSession().get("client_secret").asString();
		String id = create(secret, Map.of("method", "mdl")).get("id").asString();
		assertThat(this.api.call("GET", REQUESTS + "/" + id).key(otherSecret).send().status()).isEqualTo(404);
	}

	private String mdl(TestWallet.Request request) {
		Map<String, Object> elements = new LinkedHashMap<>();
		for (List<String> path : request.requestedPaths()) {
			String element = path.get(1);
			elements.put(element, element.startsWith("age_over_") ? Boolean.TRUE
					: element.equals("issuing_country") ? "US" : "US-CO");
		}
		byte[] response = TestMdocs.deviceResponse(this.documentSigner, "org.iso.18013.5.1.mDL", MDL_NAMESPACE,
				elements, request.handover(), Instant.now());
		return Base64.getUrlEncoder().withoutPadding().encodeToString(response);
	}

	private JsonNode ageSession() {
		return this.api.createSession(Map.of("type", "age", "jurisdiction", "US-CO", "methods", List.of("mdl")));
	}

	private JsonNode create(String secret, Map<String, Object> body) {
		Response response = this.api.call("POST", REQUESTS).key(secret).json(body).send();
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private JsonNode retrieve(String secret, String id) {
		Response response = this.api.call("GET", REQUESTS + "/" + id).key(secret).send();
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private String status(String secret) {
		return this.api.call("GET", "/v1/client/session").key(secret).send().json().get("status").asString();
	}

	private List<JsonNode> results(JsonNode session) {
		return this.api
			.get(TEST_SECRET_KEY, "/v1/verification_sessions/" + session.get("id").asString() + "?expand[]=results")
			.json()
			.get("results")
			.valueStream()
			.toList();
	}

	private static void assertRefused(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		JsonNode error = JSON.readTree(response.body()).get("error");
		assertThat(error.get("code").asString()).isEqualTo(code);
		assertThat(error.get("request_id").asString()).isNotBlank();
	}

}
