package dev.stile.method.credential;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stile.credential.TestPki;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class TrustAnchorAdminTests {

	private static final String ANCHORS = "/admin/v1/trust_anchors";

	private static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	private Api api;

	@Autowired
	private Environment environment;

	private AnchorDirectories directories;

	@BeforeEach
	void emptyDirectories() throws Exception {
		this.directories = new AnchorDirectories(this.api, this.environment);
		this.directories.clear();
	}

	@AfterEach
	void clear() throws Exception {
		this.directories.clear();
	}

	@Test
	void theOperatorSeesWhatIsLoadedAfterAReload() throws Exception {
		TestPki.Issued iaca = TestPki.root("Test IACA", Instant.now());
		assertThat(list().get("data")).isEmpty();

		this.directories.trust(this.directories.mdl(), "iaca.pem", iaca);

		JsonNode list = list();
		assertThat(list.get("object").asString()).isEqualTo("list");
		assertThat(list.get("url").asString()).isEqualTo(ANCHORS);
		assertThat(list.get("has_more").asBoolean()).isFalse();
		assertThat(list.get("data")).hasSize(1);
		JsonNode anchor = list.get("data").get(0);
		assertThat(anchor.get("object").asString()).isEqualTo("trust_anchor");
		assertThat(anchor.get("kind").asString()).isEqualTo("mdl");
		assertThat(anchor.get("subject").asString()).contains("CN=Test IACA");
		assertThat(anchor.get("sha256_fingerprint").asString()).matches("[0-9a-f]{64}");
		assertThat(anchor.get("not_before").asLong())
			.isEqualTo(iaca.certificate().getNotBefore().toInstant().getEpochSecond());
		assertThat(anchor.get("not_after").asLong())
			.isEqualTo(iaca.certificate().getNotAfter().toInstant().getEpochSecond());
		assertThat(anchor.get("source").asString()).endsWith("iaca.pem");
		assertThat(anchor.get("test_only").asBoolean()).isFalse();
	}

	@Test
	void aBadFileLeavesTheLoadedSetAndNamesTheFile() throws Exception {
		this.directories.trust(this.directories.pid(), "pid-root.pem", TestPki.root("Test PID root", Instant.now()));
		Files.writeString(this.directories.pid().resolve("broken.pem"), "-----BEGIN CERTIFICATE-----\nnope\n");

		Response response = this.directories.reload();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("trust_anchors_unreadable");
		assertThat(response.error().get("message").asString()).contains("broken.pem");
		JsonNode data = list().get("data");
		assertThat(data).hasSize(1);
		assertThat(data.get(0).get("kind").asString()).isEqualTo("pid");
	}

	@Test
	void trustAnchorsAreForTheOperatorOnly() {
		assertThat(this.api.call("GET", ANCHORS).send().status()).isEqualTo(401);
		assertThat(this.api.call("POST", ANCHORS + "/reload").key(Api.TEST_SECRET_KEY).send().status()).isEqualTo(401);
	}

	@Test
	void theLiveWaterfallOffersCredentialMethodsOnlyWhileAnchorsOfTheirKindAreLoaded() throws Exception {
		String liveKey = liveKeyWithEndpoint();
		Map<String, Object> request = Map.of("type", "age", "jurisdiction", "US-CO", "methods",
				List.of("mdl", "mid", "eudi_pid"));

		Response without = this.api.post(liveKey, SESSIONS, request);
		assertThat(without.status()).isEqualTo(422);
		assertThat(without.error().get("code").asString()).isEqualTo("no_methods_available");

		this.directories.trust(this.directories.mdl(), "iaca.pem", TestPki.root("Test IACA", Instant.now()));
		Response withMdlAnchors = this.api.post(liveKey, SESSIONS, request);
		assertThat(withMdlAnchors.status()).as(withMdlAnchors.body()).isEqualTo(200);
		assertThat(methods(withMdlAnchors.json())).containsExactly("mdl", "mid");

		this.directories.clear();
		this.directories.trust(this.directories.pid(), "pid-root.pem", TestPki.root("Test PID root", Instant.now()));
		Response withPidAnchors = this.api.post(liveKey, SESSIONS,
				Map.of("type", "identity", "jurisdiction", "DE", "methods", List.of("mdl", "mid", "eudi_pid")));
		assertThat(withPidAnchors.status()).as(withPidAnchors.body()).isEqualTo(200);
		assertThat(methods(withPidAnchors.json())).containsExactly("mid", "eudi_pid");
	}

	@Test
	void aLiveKeyCannotSendATestHandover() throws Exception {
		this.directories.trust(this.directories.mdl(), "iaca.pem", TestPki.root("Test IACA", Instant.now()));
		String secret = liveSession();

		Response response = this.api.call("POST", "/v1/client/session/attempts")
			.key(secret)
			.json(Map.of("method", "mdl", "presentation", "o2d2ZXJzaW9u", "test_handover",
					Map.of("client_id", "x", "nonce", "y", "response_uri", "https://verifier.example.com")))
			.send();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("test_handover");
		assertThat(response.error().get("message").asString()).contains("test mode");
	}

	@Test
	void aLivePresentationNeedsAWalletRequestTheServerIssued() throws Exception {
		this.directories.trust(this.directories.mdl(), "iaca.pem", TestPki.root("Test IACA", Instant.now()));
		String secret = liveSession();

		Response response = this.api.call("POST", "/v1/client/session/attempts")
			.key(secret)
			.json(Map.of("method", "mdl", "presentation", "o2d2ZXJzaW9u"))
			.send();

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.error().get("code").asString()).isEqualTo("wallet_request_missing");
		assertThat(response.error().get("param").asString()).isEqualTo("presentation");
	}

	private String liveSession() {
		Response created = this.api.post(liveKeyWithEndpoint(), SESSIONS,
				Map.of("type", "age", "jurisdiction", "US-CO", "methods", List.of("mdl")));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json().get("client_secret").asString();
	}

	private String liveKeyWithEndpoint() {
		return TestOrganization.create(this.api).liveSecretKeyForSessions();
	}

	private JsonNode list() {
		Response response = this.api.call("GET", ANCHORS).key(Api.ADMIN_TOKEN).send();
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private static List<String> methods(JsonNode session) {
		return session.get("methods").valueStream().map(JsonNode::asString).toList();
	}

}
