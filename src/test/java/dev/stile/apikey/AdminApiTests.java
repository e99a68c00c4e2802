package dev.stile.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import dev.stile.api.Ids;
import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.stile.support.TestOrganization.ORGANIZATIONS;
import static dev.stile.support.Api.ADMIN_TOKEN;
import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The operator API: organizations and their keys, as an operator and then a merchant
 * observe them.
 */
@IntegrationTest
class AdminApiTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	@AfterEach
	void resetClock() {
		this.clock.reset();
	}

	@Test
	void createOrganizationAnswersItWithAnOrgId() {
		Response response = admin("POST", ORGANIZATIONS).json(Map.of("name", "Acme Liquor")).send();

		assertThat(response.status()).isEqualTo(201);
		JsonNode organization = response.json();
		assertThat(Ids.hasShape(organization.get("id").asString(), "org")).isTrue();
		assertThat(organization.get("object").asString()).isEqualTo("organization");
		assertThat(organization.get("name").asString()).isEqualTo("Acme Liquor");
		assertThat(organization.get("created").asLong()).isCloseTo(Instant.now().getEpochSecond(), within(60L));
		Response fetched = admin("GET", ORGANIZATIONS + "/" + organization.get("id").asString()).send();
		assertThat(fetched.status()).isEqualTo(200);
		assertThat(fetched.json().get("name").asString()).isEqualTo("Acme Liquor");
	}

	@ParameterizedTest
	@CsvSource({ "secret, test, vk_test_", "secret, live, vk_live_", "publishable, test, pk_test_",
			"publishable, live, pk_live_" })
	void aNewKeyShowsItsSecretOnlyInTheResponseThatCreatedIt(String type, String mode, String prefix) {
		TestOrganization organization = TestOrganization.create(this.api);

		Response created = admin("POST", organization.keysPath()).json(Map.of("type", type, "mode", mode)).send();

		assertThat(created.status()).isEqualTo(201);
		JsonNode key = created.json();
		String secret = key.get("secret").asString();
		assertThat(secret).startsWith(prefix).hasSizeGreaterThan(prefix.length() + 16);
		assertThat(key.get("id").asString()).startsWith("key_");
		assertThat(key.get("object").asString()).isEqualTo("api_key");
		assertThat(key.get("organization").asString()).isEqualTo(organization.id());
		assertThat(key.get("type").asString()).isEqualTo(type);
		assertThat(key.get("mode").asString()).isEqualTo(mode);
		assertThat(key.get("livemode").asBoolean()).isEqualTo("live".equals(mode));
		assertThat(key.get("redacted").asString()).isEqualTo(prefix + "****" + secret.substring(secret.length() - 4));
		assertThat(key.get("revoked_at").isNull()).isTrue();
		assertThat(key.get("expires_at").isNull()).isTrue();

		Response list = admin("GET", organization.keysPath()).send();
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).doesNotContain(secret);
		assertThat(list.json().get("object").asString()).isEqualTo("list");
		JsonNode listed = list.json().get("data").get(0);
		assertThat(list.json().get("data").size()).isEqualTo(1);
		assertThat(listed.get("id").asString()).isEqualTo(key.get("id").asString());
		assertThat(listed.has("secret")).isFalse();
		assertThat(listed.get("redacted").asString()).isEqualTo(key.get("redacted").asString());
	}

	@Test
	void newSecretKeysWorkAtOnceInTheirOwnMode() {
		TestOrganization organization = TestOrganization.create(this.api);
		String testKey = organization.testSecretKey();
		String liveKey = organization.liveSecretKey();

		Response test = this.api.get(testKey, SESSIONS);
		Response live = this.api.get(liveKey, SESSIONS);

		assertThat(test.status()).isEqualTo(200);
		assertThat(test.json().get("data").isEmpty()).isTrue();
		assertThat(live.status()).isEqualTo(200);
		assertThat(live.json().get("data").isEmpty()).isTrue();
		Response created = this.api.post(testKey, SESSIONS, Map.of("type", "age"));
		assertThat(created.status()).isEqualTo(200);
		assertThat(created.json().get("livemode").asBoolean()).isFalse();
	}

	@Test
	void aNewPublishableKeyIsRecognisedButMayNotManageSessions() {
		TestOrganization organization = TestOrganization.create(this.api);

		Response response = this.api.get(organization.testPublishableKey(), SESSIONS);

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.error().get("type").asString()).isEqualTo("permission_error");
	}

	@Test
	void rolledKeyKeepsWorkingUntilItsGracePeriodEnds() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode old = organization.issueKey("secret", "test");
		String oldSecret = old.get("secret").asString();

		Response rolled = admin("POST", keyPath(organization, old) + "/roll").json(Map.of("grace_period_seconds", 3600))
			.send();

		assertThat(rolled.status()).isEqualTo(200);
		String newSecret = rolled.json().get("secret").asString();
		assertThat(newSecret).startsWith("vk_test_").isNotEqualTo(oldSecret);
		assertThat(rolled.json().get("id").asString()).isNotEqualTo(old.get("id").asString());
		assertThat(this.api.get(newSecret, SESSIONS).status()).isEqualTo(200);
		assertThat(this.api.get(oldSecret, SESSIONS).status()).isEqualTo(200);
		JsonNode listedOld = listedKey(organization, old.get("id").asString());
		assertThat(listedOld.get("expires_at").asLong()).isCloseTo(Instant.now().getEpochSecond() + 3600, within(60L));

		this.clock.advance(Duration.ofSeconds(3601));

		assertThat(this.api.get(oldSecret, SESSIONS).status()).isEqualTo(401);
		assertThat(this.api.get(newSecret, SESSIONS).status()).isEqualTo(200);
	}

	@Test
	void rollWithoutABodyKeepsTheOldKeyForTheDefaultDay() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode old = organization.issueKey("secret", "test");

		Response rolled = admin("POST", keyPath(organization, old) + "/roll").send();

		assertThat(rolled.status()).isEqualTo(200);
		assertThat(this.api.get(rolled.json().get("secret").asString(), SESSIONS).status()).isEqualTo(200);
		assertThat(this.api.get(old.get("secret").asString(), SESSIONS).status()).isEqualTo(200);
		assertThat(listedKey(organization, old.get("id").asString()).get("expires_at").asLong())
			.isCloseTo(Instant.now().getEpochSecond() + 24 * 3600, within(60L));
	}

	@Test
	void rollWithNoGracePeriodStopsTheOldKeyAtOnce() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode old = organization.issueKey("secret", "live");

		Response rolled = admin("POST", keyPath(organization, old) + "/roll").json(Map.of("grace_period_seconds", 0))
			.send();

		assertThat(rolled.status()).isEqualTo(200);
		String newSecret = rolled.json().get("secret").asString();
		assertThat(newSecret).startsWith("vk_live_");
		assertThat(this.api.get(newSecret, SESSIONS).status()).isEqualTo(200);
		Response refused = this.api.get(old.get("secret").asString(), SESSIONS);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.error().get("type").asString()).isEqualTo("authentication_error");
	}

	@ParameterizedTest
	@CsvSource({ "-1", "604801" })
	void rollRefusesAGracePeriodOutOfRangeAndKeepsTheKey(long seconds) {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode old = organization.issueKey("secret", "test");

		Response response = admin("POST", keyPath(organization, old) + "/roll")
			.json(Map.of("grace_period_seconds", seconds))
			.send();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("grace_period_seconds");
		assertThat(admin("GET", organization.keysPath()).send().json().get("data").size()).isEqualTo(1);
		assertThat(listedKey(organization, old.get("id").asString()).get("expires_at").isNull()).isTrue();
		assertThat(this.api.get(old.get("secret").asString(), SESSIONS).status()).isEqualTo(200);
	}

	@Test
	void revokedKeyStopsWorkingAtOnce() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode key = organization.issueKey("secret", "test");
		String secret = key.get("secret").asString();
		assertThat(this.api.get(secret, SESSIONS).status()).isEqualTo(200);

		Response revoked = admin("POST", keyPath(organization, key) + "/revoke").send();

		assertThat(revoked.status()).isEqualTo(200);
		assertThat(revoked.json().get("revoked_at").asLong()).isCloseTo(Instant.now().getEpochSecond(), within(60L));
		assertThat(revoked.json().has("secret")).isFalse();
		Response refused = this.api.get(secret, SESSIONS);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.error().get("type").asString()).isEqualTo("authentication_error");
		assertThat(this.api.post(secret, SESSIONS, Map.of("type", "age")).status()).isEqualTo(401);
		assertThat(listedKey(organization, key.get("id").asString()).get("revoked_at").isNull()).isFalse();
	}

	@Test
	void aRevokedKeyCannotBeRolledBackToLife() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode key = organization.issueKey("secret", "test");
		admin("POST", keyPath(organization, key) + "/revoke").send();

		Response response = admin("POST", keyPath(organization, key) + "/roll").send();

		assertThat(response.status()).isBetween(400, 409);
		assertThat(response.json().has("secret")).isFalse();
		assertThat(admin("GET", organization.keysPath()).send().json().get("data").size()).isEqualTo(1);
	}

	@Test
	void keysOfAnotherOrganizationCannotBeRolledOrRevoked() {
		TestOrganization owner = TestOrganization.create(this.api);
		TestOrganization other = TestOrganization.create(this.api);
		JsonNode key = owner.issueKey("secret", "test");
		String foreignPath = other.keysPath() + "/" + key.get("id").asString();

		Response roll = admin("POST", foreignPath + "/roll").send();
		Response revoke = admin("POST", foreignPath + "/revoke").send();

		assertThat(roll.status()).isEqualTo(404);
		assertThat(roll.error().get("code").asString()).isEqualTo("resource_missing");
		assertThat(revoke.status()).isEqualTo(404);
		assertThat(revoke.error().get("code").asString()).isEqualTo("resource_missing");
		assertThat(this.api.get(key.get("secret").asString(), SESSIONS).status()).isEqualTo(200);
		assertThat(admin("GET", other.keysPath()).send().json().get("data").isEmpty()).isTrue();
	}

	@ParameterizedTest
	@MethodSource("operatorRequests")
	void theOperatorApiRefusesAWrongOrMissingToken(String method, String path) {
		for (String token : new String[] { "not-the-admin-token", TEST_SECRET_KEY, "" }) {
			Api.Call call = this.api.call(method, path).json(Map.of("name", "Mallory", "type", "secret"));
			Response response = token.isEmpty() ? call.send() : call.key(token).send();

			assertThat(response.status()).as("token '%s'", token).isEqualTo(401);
			assertThat(response.error().get("type").asString()).isEqualTo("authentication_error");
			assertThat(response.error().get("request_id").asString()).isEqualTo(response.header("Request-Id"));
		}
		Response basic = this.api.call(method, path)
			.header("Authorization", "Basic YWRtaW46dGVzdC1hZG1pbi10b2tlbg==")
			.send();
		assertThat(basic.status()).isEqualTo(401);
		assertThat(basic.error().get("type").asString()).isEqualTo("authentication_error");
	}

	static Stream<Arguments> operatorRequests() {
		String existing = "/admin/v1/organizations/org_00000000000000000000000";
		return Stream.of(Arguments.of("POST", ORGANIZATIONS), Arguments.of("GET", existing),
				Arguments.of("POST", existing + "/api_keys"), Arguments.of("GET", existing + "/api_keys"),
				Arguments.of("POST", existing + "/api_keys/key_x/roll"),
				Arguments.of("POST", existing + "/api_keys/key_x/revoke"));
	}

	@Test
	void theAdminTokenIsNoApiKey() {
		Response response = this.api.get(ADMIN_TOKEN, SESSIONS);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.error().get("type").asString()).isEqualTo("authentication_error");
	}

	@ParameterizedTest
	@MethodSource("invalidKeyRequests")
	void createKeyNamesTheWrongParameter(Map<String, Object> body, String param) {
		TestOrganization organization = TestOrganization.create(this.api);

		Response response = admin("POST", organization.keysPath()).json(body).send();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(response.error().get("param").asString()).isEqualTo(param);
		assertThat(admin("GET", organization.keysPath()).send().json().get("data").isEmpty()).isTrue();
	}

	static Stream<Arguments> invalidKeyRequests() {
		return Stream.of(Arguments.of(Map.of("mode", "test"), "type"),
				Arguments.of(Map.of("type", "restricted", "mode", "test"), "type"),
				Arguments.of(Map.of("type", "SECRET", "mode", "test"), "type"),
				Arguments.of(Map.of("type", "secret"), "mode"),
				Arguments.of(Map.of("type", "secret", "mode", "production"), "mode"),
				Arguments.of(Map.of("type", "secret", "mode", "test", "scope", "all"), "scope"),
				Arguments.of(Map.of("type", 1, "mode", "test"), "type"));
	}

	@ParameterizedTest
	@MethodSource("invalidOrganizationRequests")
	void createOrganizationNamesTheWrongParameter(String body, String param) {
		Response response = admin("POST", ORGANIZATIONS).json(body).send();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(response.error().get("param").asString()).isEqualTo(param);
	}

	static Stream<Arguments> invalidOrganizationRequests() {
		return Stream.of(Arguments.of("{}", "name"), Arguments.of("{\"name\": null}", "name"),
				Arguments.of("{\"name\": \"   \"}", "name"),
				Arguments.of("{\"name\": \"" + "n".repeat(201) + "\"}", "name"), Arguments.of("{\"name\": 42}", "name"),
				Arguments.of("{\"name\": \"Acme\\u0000\"}", "name"),
				Arguments.of("{\"name\": \"Acme\", \"plan\": \"pro\"}", "plan"));
	}

	@Test
	void anUnknownOrganizationIsMissing() {
		String unknown = ORGANIZATIONS + "/org_doesnotexist";

		for (Response response : new Response[] { admin("GET", unknown).send(),
				admin("GET", unknown + "/api_keys").send(),
				admin("POST", unknown + "/api_keys").json(Map.of("type", "secret", "mode", "test")).send(),
				admin("POST", unknown + "/api_keys/key_doesnotexist/roll").send(),
				admin("POST", unknown + "/api_keys/key_doesnotexist/revoke").send() }) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.error().get("code").asString()).isEqualTo("resource_missing");
			assertThat(response.error().get("param").asString()).isEqualTo("id");
		}
	}

	@Test
	void anUnknownKeyOfAKnownOrganizationIsMissing() {
		TestOrganization organization = TestOrganization.create(this.api);

		Response roll = admin("POST", organization.keysPath() + "/key_doesnotexist/roll").send();
		Response revoke = admin("POST", organization.keysPath() + "/key_doesnotexist/revoke").send();

		assertThat(roll.status()).isEqualTo(404);
		assertThat(roll.error().get("code").asString()).isEqualTo("resource_missing");
		assertThat(revoke.status()).isEqualTo(404);
		assertThat(revoke.error().get("code").asString()).isEqualTo("resource_missing");
	}

	private Api.Call admin(String method, String path) {
		return this.api.call(method, path).key(ADMIN_TOKEN);
	}

	private static String keyPath(TestOrganization organization, JsonNode key) {
		return organization.keysPath() + "/" + key.get("id").asString();
	}

	private JsonNode listedKey(TestOrganization organization, String keyId) {
		for (JsonNode key : admin("GET", organization.keysPath()).send().json().get("data")) {
			if (key.get("id").asString().equals(keyId)) {
				return key;
			}
		}
		throw new AssertionError("key " + keyId + " is not listed");
	}

}
