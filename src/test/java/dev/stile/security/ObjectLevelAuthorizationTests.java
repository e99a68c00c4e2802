package dev.stile.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import dev.stile.api.Ids;
import dev.stile.security.Tenant.Kind;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API1, broken object level authorization: for every endpoint that takes an id, a
 * caller who may not see the object (another organization, the other mode, a publishable
 * key, a revoked key, a client secret) gets exactly the answer it would get for an id
 * that does not exist, and the object is left untouched.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectLevelAuthorizationTests {

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

	/** Every endpoint that takes an id, in the path, a filter or a cursor. */
	static List<Endpoint> endpoints() {
		return List.of(new Endpoint("retrieve session", "GET", "/v1/verification_sessions/{id}", Kind.SESSION, null),
				new Endpoint("retrieve session with results", "GET",
						"/v1/verification_sessions/{id}?expand%5B%5D=results", Kind.SESSION, null),
				new Endpoint("cancel session", "POST", "/v1/verification_sessions/{id}/cancel", Kind.SESSION, null),
				new Endpoint("sessions after a cursor", "GET", "/v1/verification_sessions?starting_after={id}",
						Kind.SESSION, null),
				new Endpoint("sessions before a cursor", "GET", "/v1/verification_sessions?ending_before={id}",
						Kind.SESSION, null),
				new Endpoint("retrieve event", "GET", "/v1/events/{id}", Kind.EVENT, null),
				new Endpoint("deliveries of an event", "GET", "/v1/events/{id}/deliveries", Kind.EVENT, null),
				new Endpoint("events of a session", "GET", "/v1/events?session_id={id}", Kind.SESSION, null),
				new Endpoint("events after a cursor", "GET", "/v1/events?starting_after={id}", Kind.EVENT, null),
				new Endpoint("retrieve webhook endpoint", "GET", "/v1/webhook_endpoints/{id}", Kind.ENDPOINT, null),
				new Endpoint("update webhook endpoint", "POST", "/v1/webhook_endpoints/{id}", Kind.ENDPOINT,
						Map.of("description", "taken over", "url", "https://attacker.example.com/hook")),
				new Endpoint("disable webhook endpoint", "POST", "/v1/webhook_endpoints/{id}", Kind.ENDPOINT,
						Map.of("disabled", true)),
				new Endpoint("delete webhook endpoint", "DELETE", "/v1/webhook_endpoints/{id}", Kind.ENDPOINT, null),
				new Endpoint("roll webhook secret", "POST", "/v1/webhook_endpoints/{id}/roll_secret", Kind.ENDPOINT,
						Map.of("grace_period_seconds", 0)),
				new Endpoint("deliveries of a webhook endpoint", "GET", "/v1/webhook_endpoints/{id}/deliveries",
						Kind.ENDPOINT, null),
				new Endpoint("webhook endpoints after a cursor", "GET", "/v1/webhook_endpoints?starting_after={id}",
						Kind.ENDPOINT, null),
				new Endpoint("erase verified person", "DELETE", "/v1/verified_persons/{id}", Kind.PERSON, null));
	}

	/** Everybody who may not touch the owner's objects. */
	static List<Caller> callers() {
		return List.of(new Caller("a key of another organization", (owner, stranger) -> stranger.secretKey),
				new Caller("the live key of the same organization", (owner, stranger) -> owner.liveKey),
				new Caller("a publishable key of the same organization", (owner, stranger) -> owner.publishableKey),
				new Caller("a revoked key of the same organization", (owner, stranger) -> owner.revokedKey),
				new Caller("the client secret of the session", (owner, stranger) -> owner.clientSecret),
				new Caller("a client secret of another organization's session",
						(owner, stranger) -> stranger.clientSecret));
	}

	static Stream<Arguments> everyEndpointAndCaller() {
		List<Arguments> arguments = new ArrayList<>();
		for (Endpoint endpoint : endpoints()) {
			for (Caller caller : callers()) {
				arguments.add(Arguments.of(endpoint, caller));
			}
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0} by {1}")
	@MethodSource("everyEndpointAndCaller")
	void anObjectOfSomebodyElseIsIndistinguishableFromAMissingOne(Endpoint endpoint, Caller caller) {
		String key = caller.key().apply(this.owner, this.stranger);
		String theirs = this.owner.id(endpoint.kind());
		String missing = Ids.newId(endpoint.kind().prefix);

		Response existing = endpoint.send(this.api, key, theirs);
		Response absent = endpoint.send(this.api, key, missing);

		assertThat(existing.status()).as(existing.body()).isIn(200, 400, 401, 403, 404);
		assertThat(existing.status()).as(absent.body()).isEqualTo(absent.status());
		if (existing.status() == 200) {
			// Only a list may answer, and then with nothing in it.
			assertThat(existing.json().get("object").asString()).isEqualTo("list");
			assertThat(existing.json().get("data").isEmpty()).as(existing.body()).isTrue();
			assertThat(absent.json().get("data").isEmpty()).isTrue();
		}
		else {
			JsonNode error = existing.error();
			JsonNode other = absent.error();
			assertThat(error.propertyNames()).containsExactlyElementsOf(other.propertyNames());
			for (String field : List.of("type", "code", "param")) {
				assertThat(error.get(field)).as(field).isEqualTo(other.get(field));
			}
			assertThat(error.get("message").asString().replace(theirs, "ID"))
				.isEqualTo(other.get("message").asString().replace(missing, "ID"));
		}
		assertThat(existing.body()).doesNotContain(this.owner.marker)
			.doesNotContain(this.owner.organization.id())
			.doesNotContain(this.owner.clientSecret)
			.doesNotContain(this.owner.endpointSecret)
			.doesNotContain("whsec_");
		assertOwnerUntouched();
	}

	@Test
	void aClientSecretOpensItsOwnSessionAndNoOther() {
		JsonNode own = Tenant.ok(this.api.get(this.stranger.clientSecret, Tenant.CLIENT));

		assertThat(own.get("id").asString()).isEqualTo(this.stranger.sessionId);
		assertThat(own.toString()).doesNotContain(this.owner.sessionId).doesNotContain(this.owner.marker);
	}

	static Stream<Arguments> clientEndpoints() {
		return Stream.of(Arguments.of("GET", "", null), Arguments.of("POST", "/start", null),
				Arguments.of("POST", "/skip", null), Arguments.of("POST", "/cancel", null),
				Arguments.of("POST", "/attempts", Map.of("method", "facial_age", "test_outcome", "verified")),
				Arguments.of("POST", "/consent", Map.of("share_verification", true)),
				Arguments.of("POST", "/reuse/send_code", Map.of("channel", "email")),
				Arguments.of("POST", "/reuse/verify", Map.of("code", "000000")));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("clientEndpoints")
	void anotherSessionsSecretGraftedOntoASessionIdOpensNothing(String method, String path, Object body) {
		String token = this.stranger.clientSecret.substring(this.stranger.clientSecret.indexOf("_secret_"));
		String forged = this.owner.sessionId + token;
		String forgedForNobody = Ids.newId("vks") + token;

		Response grafted = client(method, path, forged, body);
		Response nobody = client(method, path, forgedForNobody, body);
		Response apiKey = client(method, path, this.owner.secretKey, body);
		Response publishable = client(method, path, this.owner.publishableKey, body);

		for (Response response : List.of(grafted, nobody, apiKey, publishable)) {
			assertThat(response.status()).as(response.body()).isEqualTo(401);
			assertThat(response.error().get("type").asString()).isEqualTo("authentication_error");
			assertThat(response.error().get("code").asString()).isEqualTo("invalid_client_secret");
			assertThat(response.error().get("message").asString()).isEqualTo(nobody.error().get("message").asString());
			assertThat(response.body()).doesNotContain(this.owner.sessionId).doesNotContain(this.owner.marker);
		}
		assertOwnerUntouched();
	}

	private Response client(String method, String path, String secret, Object body) {
		Api.Call call = this.api.call(method, Tenant.CLIENT + path).key(secret);
		return (body != null) ? call.json(body).send() : call.send();
	}

	private void assertOwnerUntouched() {
		JsonNode session = Tenant.ok(this.api.get(this.owner.secretKey, Tenant.SESSIONS + "/" + this.owner.sessionId));
		assertThat(session.get("status").asString()).isEqualTo("created");
		assertThat(session.get("client_secret").asString()).isEqualTo(this.owner.clientSecret);
		JsonNode endpoint = Tenant
			.ok(this.api.get(this.owner.secretKey, "/v1/webhook_endpoints/" + this.owner.endpointId));
		assertThat(endpoint.get("description").asString()).isEqualTo(this.owner.marker);
		assertThat(endpoint.get("status").asString()).isEqualTo("enabled");
		assertThat(endpoint.get("url").asString()).contains(this.owner.marker);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM verified_person WHERE id = ?", Integer.class,
				this.owner.personId))
			.isOne();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_endpoint WHERE id = ? AND previous_secret IS NULL", Integer.class,
				this.owner.endpointId))
			.as("the signing secret was never rolled")
			.isOne();
	}

	record Endpoint(String name, String method, String path, Kind kind, Object body) {

		Response send(Api api, String key, String id) {
			Api.Call call = api.call(this.method, this.path.replace("{id}", id)).key(key);
			return (this.body != null) ? call.json(this.body).send() : call.send();
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	record Caller(String name, BiFunction<Tenant, Tenant, String> key) {

		@Override
		public String toString() {
			return this.name;
		}

	}

}
