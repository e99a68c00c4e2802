package dev.stile.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.stile.api.Ids;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API2, broken authentication: a rolled key works on every endpoint until its grace
 * period ends and on none after, and keys are never taken from the URL.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenAuthenticationTests {

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	Tenant tenant;

	@BeforeAll
	void tenant() {
		this.tenant = Tenant.create(this.api);
	}

	@AfterEach
	void backToRealTime() {
		this.clock.reset();
	}

	List<String> readPaths() {
		return List.of(Tenant.SESSIONS, Tenant.SESSIONS + "/" + this.tenant.sessionId, "/v1/events",
				"/v1/events/" + this.tenant.eventId, "/v1/webhook_endpoints",
				"/v1/webhook_endpoints/" + this.tenant.endpointId,
				"/v1/webhook_endpoints/" + this.tenant.endpointId + "/deliveries", "/v1/credential_reuses",
				"/v1/reuse_settings", "/v1/compliance/check?use_cases=alcohol_delivery&jurisdiction=US-CA");
	}

	@Test
	void aRolledKeyWorksEverywhereUntilItsGracePeriodEndsAndNowhereAfter() {
		JsonNode key = this.tenant.organization.issueKey("secret", "test");
		String old = key.get("secret").asString();
		Response rolled = this.api
			.call("POST", this.tenant.organization.keysPath() + "/" + key.get("id").asString() + "/roll")
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("grace_period_seconds", 3600))
			.send();
		assertThat(rolled.status()).as(rolled.body()).isIn(200, 201);
		String replacement = rolled.json().get("secret").asString();

		this.clock.advance(Duration.ofSeconds(3590));
		for (String path : readPaths()) {
			assertThat(this.api.get(old, path).status()).as("old key, in grace, " + path).isEqualTo(200);
		}
		this.clock.advance(Duration.ofSeconds(20));
		String unknown = "vk_test_" + Ids.randomToken(32);
		for (String path : readPaths()) {
			Response expired = this.api.get(old, path);
			Response never = this.api.get(unknown, path);
			assertThat(expired.status()).as("old key, after grace, " + path).isEqualTo(401);
			assertThat(expired.error().get("code")).isEqualTo(never.error().get("code"));
			assertThat(expired.body()).doesNotContain(old).doesNotContain("\"data\"");
			assertThat(this.api.get(replacement, path).status()).as("new key " + path).isEqualTo(200);
		}
		Response cancel = this.api.post(old, Tenant.SESSIONS + "/" + this.tenant.sessionId + "/cancel", null);
		assertThat(cancel.status()).isEqualTo(401);
		assertThat(this.api.get(replacement, Tenant.SESSIONS + "/" + this.tenant.sessionId)
			.json()
			.get("status")
			.asString()).isEqualTo("created");
	}

	@Test
	void aKeyInTheQueryStringIsNotAccepted() {
		for (String name : List.of("api_key", "key", "access_token", "authorization")) {
			Response response = this.api.call("GET", Tenant.SESSIONS + "?" + name + "=" + this.tenant.secretKey).send();

			assertThat(response.status()).as(name).isEqualTo(401);
			assertThat(response.body()).doesNotContain(this.tenant.marker);
		}
	}

	@Test
	void aClientSecretIsNotAnApiKeyAndAnApiKeyIsNotAClientSecret() {
		assertThat(this.api.get(this.tenant.clientSecret, Tenant.SESSIONS).status()).isEqualTo(401);
		assertThat(this.api.get(this.tenant.secretKey, Tenant.CLIENT).status()).isEqualTo(401);
		assertThat(this.api.get(this.tenant.endpointSecret, Tenant.SESSIONS).status()).isEqualTo(401);
		assertThat(this.api.get(Api.ADMIN_TOKEN, Tenant.CLIENT).status()).isEqualTo(401);
	}

}
