package dev.stile.webhook;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Webhook Endpoints API: the secret is shown only on create and roll, requests are
 * strict, URLs are safe, and endpoints are visible only to their organization and mode.
 */
@IntegrationTest
class WebhookEndpointApiTests {

	private static final String URL = "https://hooks.merchant.example/stile";

	@Autowired
	Api api;

	private static Map<String, Object> body(Object... pairs) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			body.put((String) pairs[i], pairs[i + 1]);
		}
		return body;
	}

	@Test
	void createShowsTheSecretOnceAndRetrieveAndListNever() {
		Merchant merchant = Merchant.create(this.api);

		Response created = this.api.post(merchant.key(), Merchant.ENDPOINTS,
				body("url", URL, "enabled_events", List.of("verification_session.verified"), "description", "Orders",
						"metadata", Map.of("team", "checkout")));

		assertThat(created.status()).isEqualTo(200);
		JsonNode endpoint = created.json();
		String id = endpoint.get("id").asString();
		assertThat(id).startsWith("we_");
		assertThat(endpoint.get("object").asString()).isEqualTo("webhook_endpoint");
		assertThat(endpoint.get("url").asString()).isEqualTo(URL);
		assertThat(endpoint.get("enabled_events").get(0).asString()).isEqualTo("verification_session.verified");
		assertThat(endpoint.get("description").asString()).isEqualTo("Orders");
		assertThat(endpoint.get("metadata").get("team").asString()).isEqualTo("checkout");
		assertThat(endpoint.get("status").asString()).isEqualTo("enabled");
		assertThat(endpoint.get("livemode").asBoolean()).isFalse();
		assertThat(endpoint.get("secret").asString()).matches("whsec_[0-9A-Za-z]{32}");
		JsonNode retrieved = this.api.get(merchant.key(), Merchant.ENDPOINTS + "/" + id).json();
		assertThat(retrieved.has("secret")).isFalse();
		assertThat(this.api.get(merchant.key(), Merchant.ENDPOINTS).body()).doesNotContain("whsec_");
		assertThat(retrieved.get("url").asString()).isEqualTo(URL);
	}

	@Test
	void createIsIdempotent() {
		Merchant merchant = Merchant.create(this.api);
		Map<String, Object> body = body("url", URL, "enabled_events", List.of("*"));

		Response first = this.api.call("POST", Merchant.ENDPOINTS)
			.key(merchant.key())
			.header("Idempotency-Key", "we-1")
			.json(body)
			.send();
		Response again = this.api.call("POST", Merchant.ENDPOINTS)
			.key(merchant.key())
			.header("Idempotency-Key", "we-1")
			.json(body)
			.send();

		assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(this.api.get(merchant.key(), Merchant.ENDPOINTS).json().get("data")).hasSize(1);
	}

	@Test
	void refusesUnknownEventTypesNamingTheirPosition() {
		Response response = this.api.post(Api.TEST_SECRET_KEY, Merchant.ENDPOINTS,
				body("url", URL, "enabled_events", List.of("verification_session.verified", "session.done")));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("enabled_events[1]");
		assertThat(response.error().get("message").asString()).contains("session.done");
	}

	@Test
	void refusesMissingParametersUnknownFieldsAndTooMuchMetadata() {
		Map<String, String> metadata = new HashMap<>();
		for (int i = 0; i < 51; i++) {
			metadata.put("k" + i, "v");
		}
		Map<Map<String, Object>, String> cases = new LinkedHashMap<>();
		cases.put(body("enabled_events", List.of("*")), "url");
		cases.put(body("url", URL), "enabled_events");
		cases.put(body("url", URL, "enabled_events", List.of()), "enabled_events");
		cases.put(body("url", URL, "enabled_events", List.of("*"), "secret", "whsec_mine"), "secret");
		cases.put(body("url", URL, "enabled_events", List.of("*"), "metadata", metadata), "metadata");
		cases.put(body("url", URL, "enabled_events", "*"), "enabled_events");
		cases.forEach((request, param) -> {
			Response response = this.api.post(Api.TEST_SECRET_KEY, Merchant.ENDPOINTS, request);
			assertThat(response.status()).as(request.toString()).isEqualTo(400);
			assertThat(response.error().get("param").asString()).as(request.toString()).isEqualTo(param);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://hooks.merchant.example/stile", "ftp://hooks.merchant.example/", "/relative",
			"https://user:pass@hooks.merchant.example/", "not a url" })
	void testModeRefusesUrlsThatAreNotHttpsOrLocalhost(String url) {
		Response response = this.api.post(Api.TEST_SECRET_KEY, Merchant.ENDPOINTS,
				body("url", url, "enabled_events", List.of("*")));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("url");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:4000/hooks", "http://127.0.0.1:4000/hooks", "http://[::1]:4000/hooks" })
	void testModeAcceptsHttpToLocalhost(String url) {
		Merchant merchant = Merchant.create(this.api);

		assertThat(this.api.post(merchant.key(), Merchant.ENDPOINTS, body("url", url, "enabled_events", List.of("*")))
			.status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://hooks.merchant.example/stile", "http://localhost:4000/hooks",
			"https://localhost/hooks", "https://127.0.0.1/hooks", "https://10.1.2.3/hooks", "https://192.168.0.10/",
			"https://172.20.0.1/", "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fd00::1]/",
			"https://[fe80::1]/", "https://0.0.0.0/", "https://100.64.0.1/", "https://[::ffff:10.0.0.1]/" })
	void liveModeRefusesNonPublicTargets(String url) {
		String liveKey = Merchant.create(this.api).liveKey();

		Response response = this.api.post(liveKey, Merchant.ENDPOINTS,
				body("url", url, "enabled_events", List.of("*")));

		assertThat(response.status()).as(url).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("url");
	}

	@Test
	void updatesOnlyTheGivenFieldsAndDisablesAndEnables() {
		Merchant merchant = Merchant.create(this.api);
		String id = this.api
			.post(merchant.key(), Merchant.ENDPOINTS,
					body("url", URL, "enabled_events", List.of("*"), "description", "Orders", "metadata",
							Map.of("a", "1", "b", "2")))
			.json()
			.get("id")
			.asString();
		String path = Merchant.ENDPOINTS + "/" + id;

		JsonNode changed = this.api
			.post(merchant.key(), path,
					body("url", "https://hooks.merchant.example/v2", "enabled_events",
							List.of("verification_session.failed"), "metadata", Map.of("a", "", "c", "3")))
			.json();
		JsonNode disabled = this.api.post(merchant.key(), path, body("disabled", true)).json();
		JsonNode enabled = this.api.post(merchant.key(), path, body("disabled", false, "description", "")).json();

		assertThat(changed.get("url").asString()).isEqualTo("https://hooks.merchant.example/v2");
		assertThat(changed.get("enabled_events").get(0).asString()).isEqualTo("verification_session.failed");
		assertThat(changed.get("description").asString()).isEqualTo("Orders");
		assertThat(changed.get("metadata").propertyNames()).containsExactlyInAnyOrder("b", "c");
		assertThat(changed.has("secret")).isFalse();
		assertThat(disabled.get("status").asString()).isEqualTo("disabled");
		assertThat(disabled.get("disabled_reason").asString()).isNotEmpty();
		assertThat(enabled.get("status").asString()).isEqualTo("enabled");
		assertThat(enabled.get("disabled_reason").isNull()).isTrue();
		assertThat(enabled.get("description").isNull()).isTrue();
		Response bad = this.api.post(merchant.key(), path, body("disabled", "yes"));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.error().get("param").asString()).isEqualTo("disabled");
	}

	@Test
	void deleteRemovesTheEndpoint() {
		Merchant merchant = Merchant.create(this.api);
		String id = merchant.subscribe(URL).get("id").asString();

		Response deleted = this.api.call("DELETE", Merchant.ENDPOINTS + "/" + id).key(merchant.key()).send();

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().get("id").asString()).isEqualTo(id);
		assertThat(deleted.json().get("object").asString()).isEqualTo("webhook_endpoint");
		assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
		assertThat(this.api.get(merchant.key(), Merchant.ENDPOINTS + "/" + id).status()).isEqualTo(404);
		assertThat(this.api.call("DELETE", Merchant.ENDPOINTS + "/" + id).key(merchant.key()).send().status())
			.isEqualTo(404);
	}

	@Test
	void rollingTheSecretShowsTheNewOneAndKeepsTheOldOneForTheGracePeriod() {
		Merchant merchant = Merchant.create(this.api);
		JsonNode endpoint = merchant.subscribe(URL);
		String path = Merchant.ENDPOINTS + "/" + endpoint.get("id").asString() + "/roll_secret";

		JsonNode rolled = this.api.post(merchant.key(), path, Map.of("grace_period_seconds", 3600)).json();
		JsonNode immediately = this.api.post(merchant.key(), path, Map.of("grace_period_seconds", 0)).json();
		Response tooLong = this.api.post(merchant.key(), path, Map.of("grace_period_seconds", 30 * 24 * 3600));

		assertThat(rolled.get("secret").asString()).startsWith("whsec_")
			.isNotEqualTo(endpoint.get("secret").asString());
		assertThat(rolled.get("previous_secret_expires_at").asLong()).isBetween(rolled.get("created").asLong(),
				rolled.get("created").asLong() + 3700);
		assertThat(immediately.get("secret").asString()).isNotEqualTo(rolled.get("secret").asString());
		assertThat(immediately.has("previous_secret_expires_at")).isFalse();
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.error().get("param").asString()).isEqualTo("grace_period_seconds");
	}

	@Test
	void endpointsAreScopedToTheirOrganizationAndMode() {
		Merchant merchant = Merchant.create(this.api);
		String id = merchant.subscribe(URL).get("id").asString();
		Merchant other = Merchant.create(this.api);

		for (String key : List.of(other.key(), merchant.liveKey())) {
			assertThat(this.api.get(key, Merchant.ENDPOINTS + "/" + id).status()).isEqualTo(404);
			assertThat(this.api.post(key, Merchant.ENDPOINTS + "/" + id, Map.of("disabled", true)).status())
				.isEqualTo(404);
			assertThat(this.api.post(key, Merchant.ENDPOINTS + "/" + id + "/roll_secret", null).status())
				.isEqualTo(404);
			assertThat(this.api.call("DELETE", Merchant.ENDPOINTS + "/" + id).key(key).send().status()).isEqualTo(404);
			assertThat(this.api.get(key, Merchant.ENDPOINTS + "/" + id + "/deliveries").status()).isEqualTo(404);
			assertThat(this.api.get(key, Merchant.ENDPOINTS).json().get("data")).isEmpty();
		}
		assertThat(this.api.get(merchant.key(), Merchant.ENDPOINTS + "/" + id).json().get("status").asString())
			.isEqualTo("enabled");
	}

	@Test
	void liveSessionsNeedAnEnabledWebhookEndpoint() {
		Merchant merchant = Merchant.create(this.api);
		String liveKey = merchant.liveKey();
		Map<String, Object> session = Map.of("type", "age", "jurisdiction", "US-CA");

		Response refused = this.api.post(liveKey, Merchant.SESSIONS, session);

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.error().get("code").asString()).isEqualTo("webhook_required");
		// A test-mode endpoint does not count for live sessions.
		merchant.subscribe(URL);
		assertThat(this.api.post(liveKey, Merchant.SESSIONS, session).error().get("code").asString())
			.isEqualTo("webhook_required");
		String id = merchant.subscribe(liveKey, URL, List.of("*")).get("id").asString();
		// Past the guard: this deployment has no live method, which is the next refusal.
		Response past = this.api.post(liveKey, Merchant.SESSIONS, session);
		assertThat(past.status()).as(past.body()).isEqualTo(422);
		assertThat(past.error().get("code").asString()).isEqualTo("no_methods_available");
		Response disabled = this.api.post(liveKey, Merchant.ENDPOINTS + "/" + id, Map.of("disabled", true));
		assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
		Response refusedAgain = this.api.post(liveKey, Merchant.SESSIONS, session);
		assertThat(refusedAgain.status()).isEqualTo(400);
		assertThat(refusedAgain.error().get("code").asString()).isEqualTo("webhook_required");
	}

}
