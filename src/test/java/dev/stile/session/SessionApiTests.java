package dev.stile.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Verification Sessions API as the documentation's examples use it.
 */
@IntegrationTest
class SessionApiTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	Api api;

	@Test
	void createReturnsTheDocumentedSessionForTheSeedExample() {
		Response response = this.api.post(TEST_SECRET_KEY, SESSIONS,
				Map.of("type", "age", "use_case", "alcohol_delivery", "methods", List.of("mdl", "facial_age"),
						"return_url", "https://yourapp.com/done", "client_reference_id", "user_123"));

		assertThat(response.status()).isEqualTo(200);
		JsonNode session = response.json();
		assertThat(session.get("id").asString()).startsWith("vks_");
		assertThat(session.get("object").asString()).isEqualTo("verification_session");
		assertThat(session.get("status").asString()).isEqualTo("created");
		assertThat(session.get("type").asString()).isEqualTo("age");
		assertThat(session.get("client_secret").asString()).startsWith(session.get("id").asString() + "_secret_");
		assertThat(session.get("age_tier").asString()).isEqualTo("over_21");
		// No jurisdiction and no geo headers from localhost: test mode's documented
		// fallback.
		assertThat(session.get("jurisdiction").asString()).isEqualTo("US-CA");
		assertThat(session.get("livemode").asBoolean()).isFalse();
		assertThat(session.get("expires_at").asLong() - session.get("created").asLong()).isEqualTo(24 * 3600);
		assertThat(session.get("return_url").asString()).isEqualTo("https://yourapp.com/done");
		assertThat(session.get("client_reference_id").asString()).isEqualTo("user_123");
		assertThat(session.get("current_method").asString()).isEqualTo(session.get("methods").get(0).asString());
		assertThat(session.get("verification_path").asString()).isEqualTo("/verify/" + session.get("id").asString());
		JsonNode compliance = session.get("compliance");
		assertThat(compliance.get("use_case").asString()).isEqualTo("alcohol_delivery");
		assertThat(compliance.get("jurisdiction").asString()).isEqualTo("US-CA");
		assertThat(compliance.get("age_tier").asString()).isEqualTo("over_21");
		assertThat(compliance.get("rule_version").asString()).isNotBlank();
		assertThat(session.has("results")).isFalse();
		assertThat(session.has("ip_jurisdiction")).isFalse();
		assertThat(session.has("jurisdiction_mismatch")).isFalse();
	}

	@Test
	void everyDocumentedFieldIsPresentOnRetrieve() {
		JsonNode created = this.api.createSession(Map.of("type", "identity"));
		Response response = this.api.get(TEST_SECRET_KEY, SESSIONS + "/" + created.get("id").asString());

		assertThat(response.status()).isEqualTo(200);
		List<String> fields = new ArrayList<>(response.json().propertyNames());
		assertThat(fields).containsExactly("id", "object", "status", "type", "methods", "current_method",
				"client_reference_id", "return_url", "cancel_url", "client_secret", "metadata", "livemode",
				"expires_at", "completed_at", "cancelled_at", "created", "updated", "verification_path", "use_case",
				"age_tier", "jurisdiction", "physical_check_required", "user_message", "compliance");
		assertThat(response.json().get("client_secret").asString()).isEqualTo(created.get("client_secret").asString());
	}

	@Test
	void retrieveExpandsResults() {
		JsonNode verified = this.api
			.createSession(Map.of("type", "age", "use_case", "alcohol_delivery", "skip_verification", true));
		assertThat(verified.get("status").asString()).isEqualTo("verified");

		JsonNode plain = this.api.get(TEST_SECRET_KEY, SESSIONS + "/" + verified.get("id").asString()).json();
		JsonNode expanded = this.api
			.get(TEST_SECRET_KEY, SESSIONS + "/" + verified.get("id").asString() + "?expand[]=results")
			.json();

		assertThat(plain.has("results")).isFalse();
		JsonNode result = expanded.get("results").get(0);
		assertThat(result.get("id").asString()).startsWith("vr_");
		assertThat(result.get("object").asString()).isEqualTo("verification_result");
		assertThat(result.get("status").asString()).isEqualTo("verified");
		assertThat(result.get("age_verified").asBoolean()).isTrue();
		assertThat(expanded.get("completed_at").isNull()).isFalse();
		assertThat(expanded.get("client_secret").isNull()).isTrue();
		assertThat(expanded.get("current_method").isNull()).isTrue();
	}

	@Test
	void retrieveRefusesAnUnknownExpansion() {
		JsonNode created = this.api.createSession(Map.of("type", "age"));
		Response response = this.api.get(TEST_SECRET_KEY,
				SESSIONS + "/" + created.get("id").asString() + "?expand[]=metadata");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("expand[]");
	}

	@Test
	void retrieveOfAnUnknownIdIsResourceMissing() {
		Response response = this.api.get(TEST_SECRET_KEY, SESSIONS + "/vks_doesnotexist");

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.error().get("code").asString()).isEqualTo("resource_missing");
		assertThat(response.error().get("param").asString()).isEqualTo("id");
	}

	@Test
	void cancelMovesAnOpenSessionToCancelled() {
		JsonNode created = this.api.createSession(Map.of("type", "age"));
		Response response = this.api.post(TEST_SECRET_KEY, SESSIONS + "/" + created.get("id").asString() + "/cancel",
				null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("status").asString()).isEqualTo("cancelled");
		assertThat(response.json().get("cancelled_at").asLong()).isPositive();
		assertThat(response.json().get("client_secret").isNull()).isTrue();
		assertThat(response.json().get("current_method").isNull()).isTrue();
	}

	@Test
	void cancelRefusesATerminalSessionNamingItsStatus() {
		JsonNode verified = this.api.createSession(Map.of("type", "age", "skip_verification", true));
		Response response = this.api.post(TEST_SECRET_KEY, SESSIONS + "/" + verified.get("id").asString() + "/cancel",
				null);

		assertThat(response.status()).isEqualTo(409);
		assertThat(response.error().get("message").asString()).contains("verified");
		JsonNode after = this.api.get(TEST_SECRET_KEY, SESSIONS + "/" + verified.get("id").asString()).json();
		assertThat(after.get("status").asString()).isEqualTo("verified");
	}

	@Test
	void cancelTwiceIsAConflict() {
		JsonNode created = this.api.createSession(Map.of("type", "age"));
		String cancel = SESSIONS + "/" + created.get("id").asString() + "/cancel";
		this.api.post(TEST_SECRET_KEY, cancel, null);

		Response again = this.api.post(TEST_SECRET_KEY, cancel, null);

		assertThat(again.status()).isEqualTo(409);
		assertThat(again.error().get("message").asString()).contains("cancelled");
	}

	@Test
	void useCaseResolvesTheAgeTierAndComplianceOfTheJurisdiction() {
		JsonNode london = this.api
			.createSession(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "GB"));
		JsonNode texas = this.api
			.createSession(Map.of("type", "age", "use_case", "tobacco_nicotine", "jurisdiction", "US-TX"));

		assertThat(london.get("age_tier").asString()).isEqualTo("over_18");
		assertThat(london.get("compliance").get("jurisdiction").asString()).isEqualTo("GB");
		assertThat(texas.get("age_tier").asString()).isEqualTo("over_21");
		assertThat(texas.get("compliance").get("governing_regulator").isNull()).isFalse();
	}

	@Test
	void aSessionCarriesTheExactAgeTheLawSets() {
		JsonNode iceland = this.api
			.createSession(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "IS"));
		JsonNode delhi = this.api
			.createSession(Map.of("type", "age", "use_case", "alcohol_in_person", "jurisdiction", "IN-DL"));

		assertThat(iceland.get("age_tier").asString()).isEqualTo("over_20");
		assertThat(iceland.get("compliance").get("age_tier").asString()).isEqualTo("over_20");
		assertThat(iceland.get("user_message").asString()).startsWith("You must be 20 or older");
		assertThat(delhi.get("age_tier").asString()).isEqualTo("over_25");
	}

	@Test
	void methodsAreFilteredByJurisdictionInOrder() {
		// Oregon does not recognise mobile driver's licences; EU digital identity is
		// EU/EEA only.
		JsonNode oregon = this.api.createSession(
				Map.of("type", "age", "jurisdiction", "US-OR", "methods", List.of("mdl", "eudi_pid", "facial_age")));
		JsonNode germany = this.api
			.createSession(Map.of("type", "age", "jurisdiction", "DE", "methods", List.of("eudi_pid", "facial_age")));

		assertThat(oregon.get("methods").toString()).isEqualTo("[\"facial_age\"]");
		assertThat(oregon.get("current_method").asString()).isEqualTo("facial_age");
		assertThat(germany.get("methods").toString()).isEqualTo("[\"eudi_pid\",\"facial_age\"]");
	}

	@Test
	void theDefaultWaterfallFollowsTheType() {
		JsonNode student = this.api.createSession(Map.of("type", "student", "jurisdiction", "US-CO"));
		JsonNode identity = this.api.createSession(Map.of("type", "identity", "jurisdiction", "US-CO"));

		assertThat(student.get("methods").toString()).isEqualTo("[\"student\"]");
		assertThat(identity.get("methods").toString())
			.isEqualTo("[\"mdl\",\"mid\",\"facial_age\",\"carrier_lookup\",\"open_banking\"]");
	}

	@Test
	void nothingLeftToTryIsUnprocessable() {
		Response response = this.api.post(TEST_SECRET_KEY, SESSIONS,
				Map.of("type", "age", "jurisdiction", "US-OR", "methods", List.of("mdl")));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.error().get("code").asString()).isEqualTo("no_methods_available");
		assertThat(response.error().get("message").asString()).contains("mdl");
	}

	@Test
	void aProhibitedUseCaseIsUnprocessable() {
		Response response = this.api.post(TEST_SECRET_KEY, SESSIONS,
				Map.of("type", "age", "use_case", "cannabis_dispensary", "jurisdiction", "US-TX"));

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.error().get("code").asString()).isEqualTo("use_case_prohibited");
		assertThat(response.error().get("param").asString()).isEqualTo("use_case");
	}

	@Test
	void trustedGeoHeadersGiveTheJurisdiction() {
		Response response = this.api.call("POST", SESSIONS)
			.key(TEST_SECRET_KEY)
			.header("CF-IPCountry", "US")
			.header("CF-Region-Code", "TX")
			.json(Map.of("type", "age", "use_case", "alcohol_in_person"))
			.send();

		assertThat(response.json().get("jurisdiction").asString()).isEqualTo("US-TX");
	}

	@Test
	void deliveryJurisdictionIsComparedWithTheNetworkLocation() {
		JsonNode mismatch = this.api.call("POST", SESSIONS)
			.key(TEST_SECRET_KEY)
			.header("CloudFront-Viewer-Country", "US")
			.header("CloudFront-Viewer-Country-Region", "CA")
			.json(Map.of("type", "age", "use_case", "alcohol_delivery", "delivery_jurisdiction", "US-OR"))
			.send()
			.json();
		JsonNode match = this.api.call("POST", SESSIONS)
			.key(TEST_SECRET_KEY)
			.header("X-Vercel-IP-Country", "US")
			.header("X-Vercel-IP-Country-Region", "OR")
			.json(Map.of("type", "age", "use_case", "alcohol_delivery", "delivery_jurisdiction", "US-OR"))
			.send()
			.json();

		assertThat(mismatch.get("jurisdiction").asString()).isEqualTo("US-OR");
		assertThat(mismatch.get("ip_jurisdiction").asString()).isEqualTo("US-CA");
		assertThat(mismatch.get("jurisdiction_mismatch").asBoolean()).isTrue();
		assertThat(match.get("ip_jurisdiction").asString()).isEqualTo("US-OR");
		assertThat(match.get("jurisdiction_mismatch").asBoolean()).isFalse();
	}

	@Test
	void customUserMessageOverridesTheDefault() {
		JsonNode session = this.api.createSession(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction",
				"US-CA", "custom_user_message", "Show us you are 21, please."));

		assertThat(session.get("user_message").asString()).isEqualTo("Show us you are 21, please.");
		assertThat(session.get("compliance").get("user_message").asString()).contains("21");
	}

	@Test
	void metadataIsStoredAndReturned() {
		JsonNode created = this.api
			.createSession(Map.of("type", "age", "metadata", Map.of("order", "A-1", "cart", "7")));
		JsonNode fetched = this.api.get(TEST_SECRET_KEY, SESSIONS + "/" + created.get("id").asString()).json();

		assertThat(fetched.get("metadata").get("order").asString()).isEqualTo("A-1");
		assertThat(fetched.get("metadata").get("cart").asString()).isEqualTo("7");
	}

}
