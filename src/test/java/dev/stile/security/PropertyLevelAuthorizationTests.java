package dev.stile.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.stile.fuzz.DatabaseSnapshot;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API3, broken object property level authorization: no request body can set a
 * server-owned property (it is refused as unknown, naming it, and nothing is written),
 * and no response carries another tenant's data or anybody's secrets.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PropertyLevelAuthorizationTests {

	static final List<String> SERVER_OWNED = List.of("status", "livemode", "client_secret", "id", "created", "object");

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	Tenant owner;

	Tenant stranger;

	@BeforeAll
	void tenants() {
		this.owner = Tenant.create(this.api);
		this.stranger = Tenant.create(this.api);
	}

	/**
	 * Every POST (and DELETE) that reads a JSON body, with a body it would otherwise
	 * accept. Paths and bodies are made per call, so a request that wrongly goes through
	 * spends a fresh object.
	 */
	static List<BodyEndpoint> bodyEndpoints() {
		return List.of(
				new BodyEndpoint("create session", (t) -> call("POST", Tenant.SESSIONS, t.secretKey),
						(t) -> Map.of("type", "age", "jurisdiction", "US-CA")),
				new BodyEndpoint("cancel session",
						(t) -> call("POST", Tenant.SESSIONS + "/" + t.freshSession().get("id").asString() + "/cancel",
								t.secretKey),
						(t) -> Map.of()),
				new BodyEndpoint("create webhook endpoint", (t) -> call("POST", "/v1/webhook_endpoints", t.secretKey),
						(t) -> Map.of("url", "https://hooks.example.com/x", "enabled_events", List.of("*"))),
				new BodyEndpoint("update webhook endpoint",
						(t) -> call("POST", "/v1/webhook_endpoints/" + t.endpointId, t.secretKey),
						(t) -> Map.of("description", "changed")),
				new BodyEndpoint("roll webhook secret",
						(t) -> call("POST", "/v1/webhook_endpoints/" + t.freshEndpoint() + "/roll_secret", t.secretKey),
						(t) -> Map.of("grace_period_seconds", 0)),
				new BodyEndpoint("delete webhook endpoint",
						(t) -> call("DELETE", "/v1/webhook_endpoints/" + t.freshEndpoint(), t.secretKey),
						(t) -> Map.of()),
				new BodyEndpoint("look up a verified person",
						(t) -> call("POST", "/v1/verified_person/lookup", t.secretKey),
						(t) -> Map.of("email", "nobody-" + System.nanoTime() + "@example.com")),
				new BodyEndpoint("reuse settings", (t) -> call("POST", "/v1/reuse_settings", t.secretKey),
						(t) -> Map.of("accept_reuse", false)),
				new BodyEndpoint("widget attempt",
						(t) -> call("POST", Tenant.CLIENT + "/attempts",
								t.freshSession().get("client_secret").asString()),
						(t) -> Map.of("method", "facial_age", "test_outcome", "verified")),
				new BodyEndpoint("widget consent",
						(t) -> call("POST", Tenant.CLIENT + "/consent",
								t.freshSession().get("client_secret").asString()),
						(t) -> Map.of("share_verification", true)),
				new BodyEndpoint("widget send reuse code",
						(t) -> call("POST", Tenant.CLIENT + "/reuse/send_code",
								t.freshSession().get("client_secret").asString()),
						(t) -> Map.of("channel", "email")),
				new BodyEndpoint("widget verify reuse code", (t) -> call("POST", Tenant.CLIENT + "/reuse/verify",
						t.freshSession().get("client_secret").asString()), (t) -> Map.of("code", "000000")));
	}

	static Stream<Arguments> everyBodyAndServerOwnedProperty() {
		List<Arguments> arguments = new ArrayList<>();
		for (BodyEndpoint endpoint : bodyEndpoints()) {
			for (String property : SERVER_OWNED) {
				arguments.add(Arguments.of(endpoint, property));
			}
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0} with {1}")
	@MethodSource("everyBodyAndServerOwnedProperty")
	void aServerOwnedPropertyIsRefusedAsUnknownAndNothingIsWritten(BodyEndpoint endpoint, String property) {
		Tenant.Request request = endpoint.request().apply(this.owner);
		Map<String, Object> body = new LinkedHashMap<>(endpoint.body().apply(this.owner));
		body.put(property, value(property));
		DatabaseSnapshot snapshot = new DatabaseSnapshot(this.jdbc, this.owner.organization.id());
		String before = snapshot.take();

		Response response = this.api.call(request.method(), request.path()).key(request.key()).json(body).send();

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("parameter_unknown");
		assertThat(response.error().get("param").asString()).isEqualTo(property);
		assertThat(response.error().get("message").asString()).contains(property);
		assertThat(snapshot.take()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/start", "/skip", "/cancel" })
	void aBodyCannotSetTheStatusThroughTheWidgetsBodilessActions(String action) {
		JsonNode session = this.owner.freshSession();
		JsonNode twin = this.owner.freshSession();

		Response response = this.api.call("POST", Tenant.CLIENT + action)
			.key(session.get("client_secret").asString())
			.json(Map.of("status", "verified", "livemode", true, "age_verified", true))
			.send();
		Response withoutBody = this.api.call("POST", Tenant.CLIENT + action)
			.key(twin.get("client_secret").asString())
			.send();

		// The action happens, exactly as without the body; the body's fields do not.
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(withoutBody.status()).as(withoutBody.body()).isEqualTo(200);
		assertThat(response.json().get("status").asString()).isEqualTo(withoutBody.json().get("status").asString())
			.isNotEqualTo("verified");
		assertThat(response.json().get("current_method")).isEqualTo(withoutBody.json().get("current_method"));
		JsonNode after = Tenant
			.ok(this.api.get(this.owner.secretKey, Tenant.SESSIONS + "/" + session.get("id").asString()));
		JsonNode twinAfter = Tenant
			.ok(this.api.get(this.owner.secretKey, Tenant.SESSIONS + "/" + twin.get("id").asString()));
		assertThat(after.get("status").asString()).isEqualTo(twinAfter.get("status").asString())
			.isEqualTo(response.json().get("status").asString());
		assertThat(after.get("livemode").asBoolean()).isFalse();
		assertThat(after.get("completed_at").isNull()).isEqualTo(twinAfter.get("completed_at").isNull());
	}

	/** Every list and every read a secret key can make. */
	static Stream<String> readablePaths() {
		return Stream.of(Tenant.SESSIONS + "?limit=100", Tenant.SESSIONS + "?limit=100&status=verified",
				"/v1/events?limit=100", "/v1/events?limit=100&type=verification_session.verified",
				"/v1/webhook_endpoints?limit=100", "/v1/credential_reuses?limit=100", "/v1/reuse_settings");
	}

	@ParameterizedTest
	@MethodSource("readablePaths")
	void listsShowNothingOfAnotherTenant(String path) {
		Response response = this.api.get(this.stranger.secretKey, path);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		for (String identifier : this.owner.identifiers()) {
			assertThat(response.body()).doesNotContain(identifier);
		}
		for (String secret : this.owner.secrets()) {
			assertThat(response.body()).doesNotContain(secret);
		}
	}

	@ParameterizedTest
	@MethodSource("readablePaths")
	void listsAndReadsShowNoSecretsEvenToTheirOwner(String path) {
		Response response = this.api.get(this.owner.secretKey, path);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertNoSecrets(response.body());
	}

	@Test
	void eventsAndDeliveriesNeverCarryTheClientSecret() {
		for (String path : List.of("/v1/events/" + this.owner.eventId,
				"/v1/events/" + this.owner.eventId + "/deliveries", "/v1/webhook_endpoints/" + this.owner.endpointId,
				"/v1/webhook_endpoints/" + this.owner.endpointId + "/deliveries",
				"/v1/events?session_id=" + this.owner.verifiedSessionId)) {
			Response response = this.api.get(this.owner.secretKey, path);

			assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
			assertNoSecrets(response.body());
		}
	}

	@Test
	void aTerminalSessionNoLongerShowsItsClientSecret() {
		JsonNode verified = Tenant
			.ok(this.api.get(this.owner.secretKey, Tenant.SESSIONS + "/" + this.owner.verifiedSessionId));

		assertThat(verified.get("status").asString()).isEqualTo("verified");
		assertThat(verified.get("client_secret").isNull()).isTrue();
	}

	@Test
	void keysAreStoredOnlyHashed() {
		List<String> rows = this.jdbc.queryForList(
				"SELECT row_to_json(k)::text FROM api_key k WHERE organization_id = ?", String.class,
				this.owner.organization.id());

		assertThat(rows).hasSizeGreaterThanOrEqualTo(4);
		for (String key : List.of(this.owner.secretKey, this.owner.liveKey, this.owner.publishableKey,
				this.owner.revokedKey)) {
			String random = key.substring(key.indexOf('_', 3) + 1);
			assertThat(rows).noneMatch((row) -> row.contains(random));
		}
	}

	private void assertNoSecrets(String body) {
		assertThat(body).doesNotContain("_secret_").doesNotContain("whsec_");
		Matcher keys = Pattern.compile("\"(vk|pk)_(test|live)_[A-Za-z0-9]{16,}").matcher(body);
		assertThat(keys.find()).as(body).isFalse();
		for (String secret : this.owner.secrets()) {
			assertThat(body).doesNotContain(secret);
		}
	}

	private static Object value(String property) {
		return switch (property) {
			case "status" -> "verified";
			case "livemode" -> true;
			case "created" -> 1;
			case "object" -> "verification_session";
			case "client_secret" -> "vks_x_secret_y";
			default -> "vks_chosenbytheclient0000001";
		};
	}

	private static Tenant.Request call(String method, String path, String key) {
		return new Tenant.Request(method, path, key);
	}

	record BodyEndpoint(String name, Function<Tenant, Tenant.Request> request,
			Function<Tenant, Map<String, Object>> body) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
