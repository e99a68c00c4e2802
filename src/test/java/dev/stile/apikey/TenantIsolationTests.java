package dev.stile.apikey;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.stile.api.Ids;
import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.stile.support.Api.ADMIN_TOKEN;
import static dev.stile.support.Api.TEST_PUBLISHABLE_KEY;
import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Organizations and modes never see each other's data, and only a usable secret key gets
 * in.
 */
@IntegrationTest
class TenantIsolationTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anotherOrganizationsSessionIsMissingNotForbidden() {
		TestOrganization a = TestOrganization.create(this.api);
		String aKey = a.testSecretKey();
		String bKey = TestOrganization.create(this.api).testSecretKey();
		String id = createSession(aKey);

		Response retrieve = this.api.get(bKey, SESSIONS + "/" + id);
		Response cancel = this.api.post(bKey, SESSIONS + "/" + id + "/cancel", null);

		assertResourceMissing(retrieve, id);
		assertResourceMissing(cancel, id);
		assertThat(retrieve.body()).doesNotContain(a.id());
		JsonNode untouched = this.api.get(aKey, SESSIONS + "/" + id).json();
		assertThat(untouched.get("status").asString()).isEqualTo("created");
		assertThat(untouched.get("cancelled_at").isNull()).isTrue();
	}

	@Test
	void aTestSessionIsMissingForTheLiveKeyOfItsOwnOrganization() {
		TestOrganization a = TestOrganization.create(this.api);
		String testKey = a.testSecretKey();
		String liveKey = a.liveSecretKey();
		String id = createSession(testKey);

		assertResourceMissing(this.api.get(liveKey, SESSIONS + "/" + id), id);
		assertResourceMissing(this.api.post(liveKey, SESSIONS + "/" + id + "/cancel", null), id);
		assertThat(this.api.get(testKey, SESSIONS + "/" + id).json().get("status").asString()).isEqualTo("created");
	}

	@Test
	void listsShowOnlyTheCallersOrganizationAndMode() {
		TestOrganization a = TestOrganization.create(this.api);
		String aTest = a.testSecretKey();
		String aLive = a.liveSecretKey();
		String bTest = TestOrganization.create(this.api).testSecretKey();
		String first = createSession(aTest);
		String second = createSession(aTest);
		String theirs = createSession(bTest);

		assertThat(listedIds(aTest, "")).containsExactly(second, first);
		assertThat(listedIds(bTest, "")).containsExactly(theirs);
		assertThat(listedIds(aLive, "")).isEmpty();
		assertThat(listedIds(TEST_SECRET_KEY, "")).doesNotContain(first, second, theirs);
		assertThat(listedIds(aTest, "&status=created")).containsExactly(second, first);
		assertThat(listedIds(bTest, "&status=created")).containsExactly(theirs);
	}

	@Test
	void anotherOrganizationsSessionIsNoCursor() {
		String aKey = TestOrganization.create(this.api).testSecretKey();
		String bKey = TestOrganization.create(this.api).testSecretKey();
		String theirs = createSession(bKey);
		createSession(aKey);

		for (String param : new String[] { "starting_after", "ending_before" }) {
			Response response = this.api.get(aKey, SESSIONS + "?" + param + "=" + theirs);

			assertThat(response.status()).isEqualTo(400);
			assertThat(response.error().get("param").asString()).isEqualTo(param);
			assertThat(response.body()).doesNotContain("\"data\"");
		}
	}

	@Test
	void liveCreationIsUnprocessableWithoutALiveMethod() {
		String liveKey = TestOrganization.create(this.api).liveSecretKey();
		// Live sessions need a webhook endpoint first, as Stile documents.
		this.api.post(liveKey, "/v1/webhook_endpoints",
				Map.of("url", "https://hooks.example.com/stile", "enabled_events", List.of("*")));

		Response response = this.api.post(liveKey, SESSIONS,
				Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("facial_age")));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.error().get("code").asString()).isEqualTo("no_methods_available");
		assertThat(response.error().get("message").asString()).contains("facial_age");
		assertThat(listedIds(liveKey, "")).isEmpty();
	}

	@Test
	void aLiveSessionIsSeenOnlyByLiveKeysOfItsOrganization() {
		TestOrganization a = TestOrganization.create(this.api);
		String aLive = a.liveSecretKey();
		String aTest = a.testSecretKey();
		String bLive = TestOrganization.create(this.api).liveSecretKey();
		String id = insertLiveSession(a.id());

		Response own = this.api.get(aLive, SESSIONS + "/" + id);

		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().get("livemode").asBoolean()).isTrue();
		assertThat(listedIds(aLive, "")).containsExactly(id);
		assertThat(this.api.get(aLive, SESSIONS).json().get("data").get(0).get("livemode").asBoolean()).isTrue();
		assertResourceMissing(this.api.get(aTest, SESSIONS + "/" + id), id);
		assertResourceMissing(this.api.post(aTest, SESSIONS + "/" + id + "/cancel", null), id);
		assertResourceMissing(this.api.get(bLive, SESSIONS + "/" + id), id);
		assertResourceMissing(this.api.post(bLive, SESSIONS + "/" + id + "/cancel", null), id);
		assertThat(listedIds(aTest, "")).isEmpty();
		assertThat(listedIds(bLive, "")).isEmpty();
		assertThat(this.api.get(aLive, SESSIONS + "/" + id).json().get("status").asString()).isEqualTo("created");
	}

	@Test
	void aPublishableKeyMayNotUseTheSessionsApi() {
		TestOrganization organization = TestOrganization.create(this.api);
		String publishable = organization.testPublishableKey();
		String secret = organization.testSecretKey();
		String id = createSession(secret);

		List<Response> responses = List.of(this.api.get(publishable, SESSIONS),
				this.api.post(publishable, SESSIONS, Map.of("type", "age")),
				this.api.get(publishable, SESSIONS + "/" + id),
				this.api.post(publishable, SESSIONS + "/" + id + "/cancel", null),
				this.api.get(TEST_PUBLISHABLE_KEY, SESSIONS));

		for (Response response : responses) {
			assertThat(response.status()).isEqualTo(403);
			assertThat(response.error().get("type").asString()).isEqualTo("permission_error");
			assertThat(response.body()).doesNotContain(id + "_secret");
		}
		assertThat(listedIds(secret, "")).containsExactly(id);
		assertThat(this.api.get(secret, SESSIONS + "/" + id).json().get("status").asString()).isEqualTo("created");
	}

	@ParameterizedTest
	@MethodSource("refusedAuthorizations")
	void aBadKeyIsRefusedWithoutRevealingAnything(String authorization) {
		Response response = this.api.call("GET", SESSIONS).header("Authorization", authorization).send();

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.error().get("type").asString()).isEqualTo("authentication_error");
		assertThat(response.error().get("param").isNull()).isTrue();
		assertThat(response.body()).doesNotContain("\"data\"").doesNotContain("org_");
		String presented = authorization.substring(authorization.indexOf(' ') + 1);
		if (presented.length() > 8) {
			assertThat(response.error().get("message").asString()).doesNotContain(presented);
		}
	}

	static Stream<Arguments> refusedAuthorizations() {
		String valid = TEST_SECRET_KEY;
		return Stream.of(Arguments.of("Bearer not-a-key"), Arguments.of("Bearer " + valid.substring(0, 12)),
				Arguments.of("Bearer " + valid.substring(0, valid.length() - 1)),
				Arguments.of("Bearer sk_test_integrationtestsecretkey0001"),
				Arguments.of("Bearer vk_live_integrationtestsecretkey0001"),
				Arguments.of("Bearer pk_test_integrationtestsecretkey0001"),
				Arguments.of("Bearer vk_test_" + Ids.randomToken(32)), Arguments.of("Bearer " + valid + "x"),
				Arguments.of("Bearer " + "vk_test_" + "a".repeat(300)), Arguments.of("Bearer"),
				Arguments.of("Bearer " + ADMIN_TOKEN), Arguments.of("Token " + valid), Arguments.of(valid),
				Arguments.of("Basic dms6dGVzdF9pbnRlZ3JhdGlvbnRlc3RzZWNyZXRrZXkwMDAx"));
	}

	@Test
	void aMissingAuthorizationIsRefused() {
		Response response = this.api.call("GET", SESSIONS).send();

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.error().get("type").asString()).isEqualTo("authentication_error");
		assertThat(response.error().get("code").asString()).isEqualTo("api_key_missing");
	}

	@Test
	void aRevokedKeyIsRefusedLikeAnUnknownOne() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode key = organization.issueKey("secret", "test");
		String secret = key.get("secret").asString();
		String id = createSession(secret);
		this.api.call("POST", organization.keysPath() + "/" + key.get("id").asString() + "/revoke")
			.key(ADMIN_TOKEN)
			.send();
		String unknown = "vk_test_" + Ids.randomToken(32);

		Response revoked = this.api.get(secret, SESSIONS + "/" + id);
		Response neverIssued = this.api.get(unknown, SESSIONS + "/" + id);

		assertThat(revoked.status()).isEqualTo(401);
		assertThat(revoked.error().get("type").asString()).isEqualTo("authentication_error");
		assertThat(revoked.error().get("code").asString()).isEqualTo(neverIssued.error().get("code").asString());
		assertThat(mask(revoked.error().get("message").asString(), secret))
			.isEqualTo(mask(neverIssued.error().get("message").asString(), unknown));
		assertThat(revoked.body()).doesNotContain(secret)
			.doesNotContain(id + "_secret")
			.doesNotContainIgnoringCase("revoked");
		assertThat(this.api.post(secret, SESSIONS + "/" + id + "/cancel", null).status()).isEqualTo(401);
	}

	@Test
	void aRevokedPublishableKeyIsUnauthenticatedNotForbidden() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode key = organization.issueKey("publishable", "test");
		this.api.call("POST", organization.keysPath() + "/" + key.get("id").asString() + "/revoke")
			.key(ADMIN_TOKEN)
			.send();

		Response response = this.api.get(key.get("secret").asString(), SESSIONS);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.error().get("type").asString()).isEqualTo("authentication_error");
	}

	private String createSession(String key) {
		Response response = this.api.post(key, SESSIONS, Map.of("type", "age", "jurisdiction", "US-CA"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("id").asString();
	}

	private List<String> listedIds(String key, String query) {
		Response response = this.api.get(key, SESSIONS + "?limit=100" + query);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().get("data").forEach((session) -> ids.add(session.get("id").asString()));
		return ids;
	}

	private static void assertResourceMissing(Response response, String id) {
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.error().get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(response.error().get("code").asString()).isEqualTo("resource_missing");
		assertThat(response.error().get("param").asString()).isEqualTo("id");
		assertThat(response.body()).doesNotContain(id + "_secret").doesNotContain("\"livemode\"");
	}

	/** The message with the key's last characters, which it may echo, blanked out. */
	private static String mask(String message, String key) {
		return message.replace(key.substring(key.length() - 4), "####");
	}

	/**
	 * Writes a live session straight into the database: this deployment offers no method
	 * in live mode, so the API itself refuses to create one (422 no_methods_available).
	 */
	private String insertLiveSession(String organizationId) {
		String id = Ids.newId("vks");
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.jdbc.update("""
				INSERT INTO verification_session (id, organization_id, livemode, status, type, methods,
				    current_method, client_secret, created_at, updated_at, expires_at)
				VALUES (?, ?, true, 'CREATED', 'AGE', 'facial_age', 'facial_age', ?, ?, ?, ?)
				""", id, organizationId, id + "_secret_" + Ids.randomToken(32), Timestamp.from(now),
				Timestamp.from(now), Timestamp.from(now.plus(Duration.ofHours(24))));
		return id;
	}

}
