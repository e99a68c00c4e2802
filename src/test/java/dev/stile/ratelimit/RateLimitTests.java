package dev.stile.ratelimit;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.stile.support.TestOrganization;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class RateLimitTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	Api api;

	@Test
	void everyResponseToAKeyCarriesItsLimitRemainingAndReset() {
		Response response = this.api.get(Api.TEST_SECRET_KEY, SESSIONS);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-RateLimit-Limit")).isEqualTo("1000");
		assertThat(Long.parseLong(response.header("X-RateLimit-Remaining"))).isBetween(0L, 999L);
		assertThat(Long.parseLong(response.header("X-RateLimit-Reset"))).isBetween(Instant.now().getEpochSecond() - 5,
				Instant.now().getEpochSecond() + 65);
	}

	@Test
	void aPublishableKeyHasItsOwnDefaultAndARefusalStillCountsAgainstIt() {
		String publishable = TestOrganization.create(this.api).testPublishableKey();

		Response refused = this.api.get(publishable, SESSIONS);

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("100");
		assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("99");
	}

	@Test
	void aRequestWithoutAValidKeyIsNotCounted() {
		Response response = this.api.get("vk_test_doesnotexist000000000000000", SESSIONS);

		assertThat(response.status()).isEqualTo(401);
		assertThat(response.header("X-RateLimit-Limit")).isNull();
	}

	@Test
	void aKeyOverItsLimitIsRefusedWithRetryAfterWhileOtherKeysGoOn() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode limited = organization.issueKey("secret", "test");
		String other = organization.testSecretKey();
		setLimit(organization, limited.get("id").asString(), 3);
		String key = limited.get("secret").asString();

		for (int remaining = 2; remaining >= 0; remaining--) {
			Response allowed = this.api.get(key, SESSIONS);
			assertThat(allowed.status()).isEqualTo(200);
			assertThat(allowed.header("X-RateLimit-Limit")).isEqualTo("3");
			assertThat(allowed.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
		}
		Response refused = this.api.post(key, SESSIONS, Map.of("type", "age"));

		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.error().get("type").asString()).isEqualTo("rate_limit_error");
		assertThat(refused.error().get("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(refused.error().get("request_id").asString()).isEqualTo(refused.header("Request-Id"));
		assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
		// One request comes back every 20 seconds at 3 a minute.
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
		assertThat(this.api.get(other, SESSIONS).status()).isEqualTo(200);
	}

	@Test
	void theOperatorSetsAndClearsOneKeysLimit() {
		TestOrganization organization = TestOrganization.create(this.api);
		String keyId = organization.issueKey("publishable", "test").get("id").asString();
		String path = organization.keysPath() + "/" + keyId + "/rate_limit";

		JsonNode initial = this.api.get(Api.ADMIN_TOKEN, path).json();
		assertThat(initial.get("object").asString()).isEqualTo("rate_limit");
		assertThat(initial.get("per_minute").asInt()).isEqualTo(100);
		assertThat(initial.get("is_default").asBoolean()).isTrue();

		JsonNode set = setLimit(organization, keyId, 5000);
		assertThat(set.get("per_minute").asInt()).isEqualTo(5000);
		assertThat(set.get("is_default").asBoolean()).isFalse();

		Map<String, Object> clear = new HashMap<>();
		clear.put("per_minute", null);
		JsonNode cleared = this.api.post(Api.ADMIN_TOKEN, path, clear).json();
		assertThat(cleared.get("per_minute").asInt()).isEqualTo(100);
		assertThat(cleared.get("is_default").asBoolean()).isTrue();

		Response invalid = this.api.post(Api.ADMIN_TOKEN, path, Map.of("per_minute", 0));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.error().get("param").asString()).isEqualTo("per_minute");
		Response otherOrganization = this.api.get(Api.ADMIN_TOKEN,
				TestOrganization.create(this.api).keysPath() + "/" + keyId + "/rate_limit");
		assertThat(otherOrganization.status()).isEqualTo(404);
		assertThat(this.api.get(Api.TEST_SECRET_KEY, path).status()).isEqualTo(401);
	}

	private JsonNode setLimit(TestOrganization organization, String keyId, int perMinute) {
		Response response = this.api.post(Api.ADMIN_TOKEN, organization.keysPath() + "/" + keyId + "/rate_limit",
				Map.of("per_minute", perMinute));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

}
