package dev.stile.person;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verified persons in test mode: recording, reuse with a one-time code, consent on both
 * sides, filters, the lookup limit and erasure.
 */
@IntegrationTest
class VerifiedPersonTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	private static final String CLIENT = "/v1/client/session";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TestClock clock;

	@AfterEach
	void backToRealTime() {
		this.clock.reset();
	}

	private static String email() {
		return "customer-" + UUID.randomUUID() + "@example.com";
	}

	private String organizationKey() {
		return TestOrganization.create(this.api).testSecretKey();
	}

	/**
	 * A session verified through the widget with {@code method}, optionally after the
	 * customer agreed to share.
	 */
	private JsonNode verify(String key, String email, String method, boolean share) {
		return verify(key, email, method, share, Map.of("use_case", "alcohol_delivery"));
	}

	private JsonNode verify(String key, String email, String method, boolean share, Map<String, Object> extra) {
		Map<String, Object> body = new java.util.HashMap<>(
				Map.of("type", "age", "jurisdiction", "US-CA", "email", email, "methods", List.of(method)));
		body.putAll(extra);
		JsonNode session = this.api.post(key, SESSIONS, body).json();
		String secret = session.get("client_secret").asString();
		if (share) {
			client("POST", "/consent", secret, Map.of("share_verification", true));
		}
		Response attempt = client("POST", "/attempts", secret, Map.of("method", method, "test_age", 40));
		assertThat(attempt.json().get("session").get("status").asString()).isEqualTo("verified");
		return session;
	}

	private JsonNode reuseSession(String key, String email, Map<String, Object> extra) {
		Map<String, Object> body = new java.util.HashMap<>(
				Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "US-CA", "email", email,
						"accept_existing", true, "methods", List.of("facial_age", "document_capture")));
		body.putAll(extra);
		body.values().removeIf(java.util.Objects::isNull);
		body.keySet().removeIf((name) -> extra.containsKey(name) && extra.get(name) == null);
		Response created = this.api.post(key, SESSIONS, body);
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json();
	}

	private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
		Map<String, Object> copy = new java.util.HashMap<>(base);
		copy.put(key, value);
		return copy;
	}

	private Response client(String method, String path, String secret, Object body) {
		Api.Call call = this.api.call(method, CLIENT + path).key(secret);
		return (body != null) ? call.json(body).send() : call.send();
	}

	private JsonNode offer(JsonNode session) {
		return client("GET", "", session.get("client_secret").asString(), null).json().get("reuse_offer");
	}

	@Test
	void aVerifiedSessionWithAnEmailRecordsAPersonByHashOnly() {
		String key = organizationKey();
		String email = email();
		verify(key, email, "document_capture", false);

		JsonNode lookup = this.api.post(key, "/v1/verified_person/lookup", Map.of("email", email.toUpperCase())).json();

		assertThat(lookup.get("object").asString()).isEqualTo("verified_person_lookup");
		assertThat(lookup.get("verified").asBoolean()).isTrue();
		assertThat(lookup.get("verified_person_id").asString()).startsWith("vp_");
		JsonNode credential = lookup.get("credentials").get(0);
		assertThat(credential.get("method").asString()).isEqualTo("document_capture");
		assertThat(credential.get("age_tier").asString()).isEqualTo("over_21");
		assertThat(credential.get("source").asString()).isEqualTo("own");
		assertThat(credential.get("expires_at").asLong()).isGreaterThan(credential.get("verified_at").asLong());
	}

	@Test
	void theDatabaseHoldsNoClearEmailOrPhone() {
		String key = organizationKey();
		String email = email();
		JsonNode session = this.api
			.post(key, SESSIONS, Map.of("type", "age", "email", email, "phone", "+14155552671", "methods",
					List.of("facial_age"), "skip_verification", true))
			.json();
		assertThat(session.get("status").asString()).isEqualTo("verified");

		List<String> tables = List.of("verification_session", "verified_person", "verified_credential", "one_time_code",
				"one_time_code_failure", "one_time_code_lockout", "anchor_proof", "person_lookup", "idempotency_key");
		for (String table : tables) {
			Integer hits = this.jdbc.queryForObject(
					"SELECT count(*) FROM " + table + " t WHERE t::text ILIKE ? OR t::text LIKE ?", Integer.class,
					"%" + email + "%", "%4155552671%");
			assertThat(hits).as(table).isZero();
		}
	}

	@Test
	void aReturningCustomerReusesTheirVerificationWithTheCode() {
		String key = organizationKey();
		String email = email();
		verify(key, email, "document_capture", false);
		JsonNode session = reuseSession(key, email, Map.of());
		String secret = session.get("client_secret").asString();

		JsonNode offer = offer(session);
		assertThat(offer.get("channels").toString()).isEqualTo("[\"email\"]");
		assertThat(offer.get("email").asString()).startsWith("c***@");
		client("POST", "/reuse/send_code", secret, Map.of("channel", "email"));
		JsonNode answer = client("POST", "/reuse/verify", secret, Map.of("code", "000000")).json();

		assertThat(answer.get("verified").asBoolean()).isTrue();
		assertThat(answer.get("result").get("method").asString()).isEqualTo("document_capture");
		assertThat(answer.get("result").get("provider_name").asString()).isEqualTo("stile_verified_person");
		assertThat(answer.get("session").get("status").asString()).isEqualTo("verified");
		JsonNode reuses = this.api.get(key, "/v1/credential_reuses").json();
		assertThat(reuses.get("data").get(0).get("session_id").asString()).isEqualTo(session.get("id").asString());
	}

	@Test
	void wrongCodesRunOutAndTheWaterfallGoesOn() {
		String key = organizationKey();
		String email = email();
		verify(key, email, "document_capture", false);
		JsonNode session = reuseSession(key, email, Map.of());
		String secret = session.get("client_secret").asString();
		client("POST", "/reuse/send_code", secret, Map.of("channel", "email"));

		JsonNode first = client("POST", "/reuse/verify", secret, Map.of("code", "123456")).json();
		for (int i = 0; i < 3; i++) {
			client("POST", "/reuse/verify", secret, Map.of("code", "123456"));
		}
		JsonNode last = client("POST", "/reuse/verify", secret, Map.of("code", "123456")).json();
		Response afterwards = client("POST", "/reuse/verify", secret, Map.of("code", "000000"));

		assertThat(first.get("verified").asBoolean()).isFalse();
		assertThat(first.get("attempts_left").asInt()).isEqualTo(4);
		assertThat(last.get("session").get("reuse_offer").isNull()).isTrue();
		assertThat(last.get("session").get("status").asString()).isEqualTo("created");
		assertThat(last.get("session").get("current_method").asString()).isEqualTo("facial_age");
		assertThat(afterwards.status()).isEqualTo(409);
	}

	@Test
	void anExpiredCodeFallsThroughToTheWaterfall() {
		String key = organizationKey();
		String email = email();
		verify(key, email, "document_capture", false);
		JsonNode session = reuseSession(key, email, Map.of());
		String secret = session.get("client_secret").asString();
		client("POST", "/reuse/send_code", secret, Map.of("channel", "email"));
		this.clock.advance(Duration.ofMinutes(11));

		JsonNode answer = client("POST", "/reuse/verify", secret, Map.of("code", "000000")).json();

		assertThat(answer.get("verified").asBoolean()).isFalse();
		assertThat(answer.get("session").get("reuse_offer").isNull()).isTrue();
	}

	@Test
	void anotherOrganizationReusesOnlyWithConsentOnBothSides() {
		String first = organizationKey();
		String second = organizationKey();
		String shared = email();
		String unshared = email();
		verify(first, shared, "document_capture", true);
		verify(first, unshared, "document_capture", false);

		JsonNode beforeAccepting = reuseSession(second, shared, Map.of());
		this.api.post(second, "/v1/reuse_settings", Map.of("accept_reuse", true));
		JsonNode accepted = reuseSession(second, shared, Map.of());
		JsonNode withoutCustomerConsent = reuseSession(second, unshared, Map.of());
		JsonNode acceptedOffer = offer(accepted);
		// The second organization's lookup sees the shared credential once the customer
		// proved the email in one of its sessions.
		client("POST", "/reuse/send_code", accepted.get("client_secret").asString(), Map.of("channel", "email"));
		client("POST", "/reuse/verify", accepted.get("client_secret").asString(), Map.of("code", "000000"));
		JsonNode lookup = this.api.post(second, "/v1/verified_person/lookup", Map.of("email", shared)).json();

		assertThat(offer(beforeAccepting).isNull()).isTrue();
		assertThat(acceptedOffer.isNull()).isFalse();
		assertThat(offer(withoutCustomerConsent).isNull()).isTrue();
		assertThat(lookup.get("credentials").get(0).get("source").asString()).isEqualTo("shared");
	}

	@Test
	void sameJurisdictionOnlyIsHonouredAcrossOrganizations() {
		String first = organizationKey();
		String second = organizationKey();
		String email = email();
		verify(first, email, "document_capture", true);
		this.api.post(second, "/v1/reuse_settings", Map.of("accept_reuse", true, "same_jurisdiction", true));

		JsonNode elsewhere = reuseSession(second, email, Map.of("jurisdiction", "US-NY"));
		JsonNode here = reuseSession(second, email, Map.of());

		assertThat(offer(elsewhere).isNull()).isTrue();
		assertThat(offer(here).isNull()).isFalse();
	}

	@Test
	void strengthAgeAndRequiredMethodsNarrowTheMatch() {
		String key = organizationKey();
		String email = email();
		// Self-declaration is not accepted for alcohol, so this proof is for a session
		// without a use case.
		verify(key, email, "self_attestation", false, Map.of());
		Map<String, Object> noUseCase = new java.util.HashMap<>();
		noUseCase.put("use_case", null);

		JsonNode weak = offer(reuseSession(key, email, with(noUseCase, "min_strength", "document_capture")));
		JsonNode required = offer(
				reuseSession(key, email, with(noUseCase, "required_methods", List.of("document_capture"))));
		JsonNode fine = offer(reuseSession(key, email, with(noUseCase, "min_strength", "self_attestation")));
		this.clock.advance(Duration.ofDays(3));
		JsonNode tooOld = offer(reuseSession(key, email, with(noUseCase, "max_age", "2d")));

		assertThat(weak.isNull()).isTrue();
		assertThat(required.isNull()).isTrue();
		assertThat(fine.isNull()).isFalse();
		assertThat(tooOld.isNull()).isTrue();
	}

	@Test
	void aCredentialBelowTheSessionsTierIsNotOffered() {
		String key = organizationKey();
		String email = email();
		JsonNode session = this.api
			.post(key, SESSIONS,
					Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "GB", "email", email,
							"methods", List.of("facial_age")))
			.json();
		client("POST", "/attempts", session.get("client_secret").asString(), Map.of("method", "facial_age"));

		JsonNode california = reuseSession(key, email, Map.of());

		assertThat(offer(california).isNull()).isTrue();
	}

	@Test
	void lookupsAreLimitedPerEmail() {
		String key = organizationKey();
		String email = email();

		for (int i = 0; i < 5; i++) {
			assertThat(this.api.post(key, "/v1/verified_person/lookup", Map.of("email", email)).status())
				.isEqualTo(200);
		}
		Response sixth = this.api.post(key, "/v1/verified_person/lookup", Map.of("email", email));
		Response session = this.api.post(key, SESSIONS, Map.of("type", "age", "email", email, "accept_existing", true));

		assertThat(sixth.status()).isEqualTo(429);
		assertThat(sixth.error().get("code").asString()).isEqualTo("accept_existing_rate_limited");
		assertThat(session.status()).isEqualTo(429);
	}

	@Test
	void aLookupRevealsNothingAboutStrangersOrOtherOrganizationsCustomers() {
		String first = organizationKey();
		String second = organizationKey();
		String email = email();
		verify(first, email, "document_capture", false);

		JsonNode stranger = this.api.post(second, "/v1/verified_person/lookup", Map.of("email", email())).json();
		JsonNode notShared = this.api.post(second, "/v1/verified_person/lookup", Map.of("email", email)).json();

		assertThat(notShared).isEqualTo(stranger);
		assertThat(notShared.get("verified").asBoolean()).isFalse();
		assertThat(notShared.get("verified_person_id").isNull()).isTrue();
	}

	@Test
	void erasureStopsAllReuseAtOnce() {
		String key = organizationKey();
		String email = email();
		verify(key, email, "document_capture", false);
		String person = this.api.post(key, "/v1/verified_person/lookup", Map.of("email", email))
			.json()
			.get("verified_person_id")
			.asString();
		JsonNode pending = reuseSession(key, email, Map.of());
		client("POST", "/reuse/send_code", pending.get("client_secret").asString(), Map.of("channel", "email"));

		Response erased = this.api.call("DELETE", "/v1/verified_persons/" + person).key(key).send();
		JsonNode lookup = this.api.post(key, "/v1/verified_person/lookup", Map.of("email", email)).json();
		JsonNode afterErasure = client("POST", "/reuse/verify", pending.get("client_secret").asString(),
				Map.of("code", "000000"))
			.json();
		Response again = this.api.call("DELETE", "/v1/verified_persons/" + person).key(key).send();

		assertThat(erased.status()).isEqualTo(200);
		assertThat(erased.json().get("deleted").asBoolean()).isTrue();
		assertThat(lookup.get("verified").asBoolean()).isFalse();
		assertThat(afterErasure.get("verified").asBoolean()).isFalse();
		assertThat(again.status()).isEqualTo(404);
	}

	@Test
	void acceptExistingNeedsAnEmailOrPhone() {
		Response response = this.api.post(Api.TEST_SECRET_KEY, SESSIONS,
				Map.of("type", "age", "accept_existing", true));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("accept_existing");
	}

}
