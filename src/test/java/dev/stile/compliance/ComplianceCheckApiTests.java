package dev.stile.compliance;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Compliance API through real HTTP.
 */
@IntegrationTest
class ComplianceCheckApiTests {

	private static final String CHECK = "/v1/compliance/check";

	@Autowired
	Api api;

	@Test
	void checkAnswersEveryUseCaseAndTheMostRestrictiveCombination() {
		Response response = this.api.get(Api.TEST_SECRET_KEY,
				CHECK + "?use_cases=alcohol_delivery,tobacco_nicotine&jurisdiction=US-CA");
		assertThat(response.status()).isEqualTo(200);
		JsonNode check = response.json();
		assertThat(check.get("object").asString()).isEqualTo("compliance_check");
		assertThat(check.get("jurisdiction").asString()).isEqualTo("US-CA");
		assertThat(check.get("jurisdiction_source").asString()).isEqualTo("explicit");
		assertThat(check.get("fallback_applied").asBoolean()).isFalse();
		assertThat(check.get("results")).hasSize(2);
		JsonNode alcohol = check.get("results").get(0);
		assertThat(alcohol.propertyNames()).containsExactly("use_case", "jurisdiction", "prohibited",
				"prohibited_reason", "required_age_tier", "allowed_methods", "mdl_acceptance_status",
				"mdl_legally_recognized", "physical_check_required", "governing_regulator", "legal_citations",
				"user_message", "data_retention_days", "biometric_retention_days", "consent_required",
				"credential_validity_days", "rule_version", "rule_status", "enjoined_by", "meanwhile", "effective_from",
				"effective_until", "source");
		assertThat(alcohol.get("use_case").asString()).isEqualTo("alcohol_delivery");
		assertThat(alcohol.get("jurisdiction").asString()).isEqualTo("US-CA");
		assertThat(alcohol.get("prohibited").asBoolean()).isFalse();
		assertThat(alcohol.get("prohibited_reason").isNull()).isTrue();
		assertThat(alcohol.get("required_age_tier").asString()).isEqualTo("over_21");
		assertThat(alcohol.get("allowed_methods").get(0).asString()).isEqualTo("mid");
		assertThat(alcohol.get("mdl_acceptance_status").asString()).isEqualTo("none");
		assertThat(alcohol.get("mdl_legally_recognized").asBoolean()).isFalse();
		assertThat(alcohol.get("physical_check_required").asBoolean()).isTrue();
		assertThat(alcohol.get("governing_regulator").asString())
			.isEqualTo("California Department of Alcoholic Beverage Control");
		JsonNode citation = alcohol.get("legal_citations").get(0);
		assertThat(citation.get("title").asString()).startsWith("Cal. Bus. & Prof. Code §25605");
		assertThat(citation.get("url").asString()).isEqualTo("https://www.abc.ca.gov/delivery-of-alcoholic-beverages/");
		assertThat(alcohol.get("user_message").asString()).isEqualTo(
				"You must be 21 or older to receive alcohol deliveries in California. A valid ID will be checked at delivery.");
		assertThat(alcohol.get("data_retention_days").asInt()).isEqualTo(365);
		assertThat(alcohol.get("biometric_retention_days").asInt()).isEqualTo(0);
		assertThat(alcohol.get("rule_version").asString()).isNotBlank();
		JsonNode most = check.get("most_restrictive");
		assertThat(most.propertyNames()).containsExactly("required_age_tier", "allowed_methods",
				"physical_check_required", "mdl_acceptance_status", "consent_required", "data_retention_days",
				"any_prohibited", "prohibited_use_cases");
		assertThat(most.get("required_age_tier").asString()).isEqualTo("over_21");
		assertThat(most.get("physical_check_required").asBoolean()).isTrue();
		assertThat(most.get("any_prohibited").asBoolean()).isFalse();
		assertThat(most.get("prohibited_use_cases")).isEmpty();
	}

	@Test
	void checkListsTheProhibitedUseCasesOfAMixedCart() {
		JsonNode check = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=alcohol_in_person,cannabis_dispensary&jurisdiction=US-TX")
			.json();
		JsonNode cannabis = check.get("results").get(1);
		assertThat(cannabis.get("prohibited").asBoolean()).isTrue();
		assertThat(cannabis.get("prohibited_reason").asString())
			.isEqualTo("Adult-use cannabis sales are not legal in Texas.");
		assertThat(check.get("most_restrictive").get("any_prohibited").asBoolean()).isTrue();
		assertThat(check.get("most_restrictive").get("prohibited_use_cases").get(0).asString())
			.isEqualTo("cannabis_dispensary");
	}

	@Test
	void checkAcceptsAPublishableKey() {
		Response response = this.api.get(Api.TEST_PUBLISHABLE_KEY,
				CHECK + "?use_cases=alcohol_beer_wine_in_person,alcohol_spirits_in_person&jurisdiction=DE");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("results").get(0).get("required_age_tier").asString()).isEqualTo("over_16");
		assertThat(response.json().get("most_restrictive").get("required_age_tier").asString()).isEqualTo("over_18");
	}

	@Test
	void checkWithoutAKeyIsRefused() {
		assertThat(this.api.get(null, CHECK + "?use_cases=alcohol_delivery&jurisdiction=US-CA").status())
			.isEqualTo(401);
	}

	@Test
	void checkTakesTheJurisdictionFromTrustedGeoHeaders() {
		Response response = this.api.call("GET", CHECK + "?use_cases=sports_betting")
			.key(Api.TEST_SECRET_KEY)
			.header("CF-IPCountry", "US")
			.header("CF-Region-Code", "NH")
			.send();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("jurisdiction").asString()).isEqualTo("US-NH");
		assertThat(response.json().get("jurisdiction_source").asString()).isEqualTo("header");
		assertThat(response.json().get("results").get(0).get("required_age_tier").asString()).isEqualTo("over_18");
	}

	@Test
	void checkWithoutJurisdictionOrHeadersUsesTheTestModeFallback() {
		JsonNode check = this.api.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=alcohol_delivery").json();
		assertThat(check.get("jurisdiction").asString()).isEqualTo("US-CA");
		assertThat(check.get("jurisdiction_source").asString()).isEqualTo("fallback");
	}

	@Test
	void liveCheckWithoutAnyJurisdictionIsUnresolvable() {
		Response response = this.api.get(liveKey(), CHECK + "?use_cases=alcohol_delivery");
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.error().get("code").asString()).isEqualTo("jurisdiction_unresolvable");
		assertThat(response.error().get("param").asString()).isEqualTo("jurisdiction");
	}

	@Test
	void unknownSubdivisionFallsBackToItsCountry() {
		JsonNode check = this.api.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=alcohol_delivery&jurisdiction=US-GU")
			.json();
		assertThat(check.get("fallback_applied").asBoolean()).isTrue();
		assertThat(check.get("results").get(0).get("required_age_tier").asString()).isEqualTo("over_21");
	}

	@Test
	void unknownCountryGetsTheConservativeDefault() {
		JsonNode check = this.api.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=cannabis_delivery&jurisdiction=JP")
			.json();
		assertThat(check.get("fallback_applied").asBoolean()).isTrue();
		assertThat(check.get("results").get(0).get("prohibited").asBoolean()).isTrue();
	}

	@Test
	void icelandAndJapanAnswerOver20AndNameTheRulesDate() {
		JsonNode iceland = this.api.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=alcohol_delivery&jurisdiction=IS")
			.json()
			.get("results")
			.get(0);
		JsonNode japan = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=alcohol_delivery,tobacco_nicotine&jurisdiction=JP")
			.json();

		assertThat(iceland.get("required_age_tier").asString()).isEqualTo("over_20");
		assertThat(iceland.get("user_message").asString()).startsWith("You must be 20 or older");
		assertThat(iceland.get("rule_status").asString()).isEqualTo("permitted");
		assertThat(iceland.get("source").asString()).isEqualTo("stile");
		assertThat(japan.get("fallback_applied").asBoolean()).isFalse();
		assertThat(japan.get("results").get(0).get("required_age_tier").asString()).isEqualTo("over_20");
		assertThat(japan.get("results").get(0).get("effective_from").asString()).isEqualTo("2022-04-01");
		assertThat(japan.get("most_restrictive").get("required_age_tier").asString()).isEqualTo("over_20");
	}

	@Test
	void australiasSocialMediaMinimumAgeOf16AppliesFrom10December2025() {
		JsonNode before = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=social_media&jurisdiction=AU&at=2025-12-09")
			.json();
		JsonNode from = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=social_media&jurisdiction=AU&at=2025-12-10")
			.json();
		JsonNode lastSecondBefore = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=social_media&jurisdiction=AU&at=1765324799")
			.json();
		JsonNode firstSecond = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=social_media&jurisdiction=AU&at=1765324800")
			.json();
		JsonNode later = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=social_media&jurisdiction=AU&at=2026-03-01T09:30:00%2B11:00")
			.json();

		assertThat(from.get("as_of").asString()).isEqualTo("2025-12-10");
		assertThat(from.get("results").get(0).get("required_age_tier").asString()).isEqualTo("over_16");
		assertThat(from.get("results").get(0).get("effective_from").asString()).isEqualTo("2025-12-10");
		assertThat(from.get("results").get(0).get("governing_regulator").asString()).isEqualTo("eSafety Commissioner");
		assertThat(from.get("results").get(0).get("allowed_methods").toString()).doesNotContain("parental_consent");
		assertThat(from.get("fallback_applied").asBoolean()).isFalse();
		assertThat(before.get("fallback_applied").asBoolean()).isTrue();
		assertThat(before.get("results").get(0).get("effective_from").isNull()).isTrue();
		assertThat(lastSecondBefore.get("as_of").asString()).isEqualTo("2025-12-09");
		assertThat(lastSecondBefore.get("fallback_applied").asBoolean()).isTrue();
		assertThat(firstSecond.get("results").get(0).get("required_age_tier").asString()).isEqualTo("over_16");
		assertThat(later.get("as_of").asString()).isEqualTo("2026-02-28");
		assertThat(later.get("results").get(0).get("required_age_tier").asString()).isEqualTo("over_16");
	}

	@Test
	void anEnjoinedStatuteNamesTheCourtOrderAndWhatAppliesMeanwhile() {
		JsonNode enjoined = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=social_media&jurisdiction=US-FL&at=2025-07-01")
			.json()
			.get("results")
			.get(0);
		JsonNode stayed = this.api
			.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=social_media&jurisdiction=US-FL&at=2025-12-01")
			.json()
			.get("results")
			.get(0);

		assertThat(enjoined.get("rule_status").asString()).isEqualTo("enjoined");
		assertThat(enjoined.get("prohibited").asBoolean()).isFalse();
		assertThat(enjoined.get("required_age_tier").asString()).isEqualTo("over_13");
		assertThat(enjoined.get("enjoined_by").get("title").asString()).contains("Uthmeier");
		assertThat(enjoined.get("enjoined_by").get("url").asString()).startsWith("https://");
		assertThat(enjoined.get("meanwhile").asString()).contains("COPPA");
		assertThat(enjoined.get("effective_from").asString()).isEqualTo("2025-06-03");
		assertThat(stayed.get("rule_status").asString()).isEqualTo("permitted");
		assertThat(stayed.get("required_age_tier").asString()).isEqualTo("over_16");
		assertThat(stayed.get("enjoined_by").isNull()).isTrue();
		assertThat(stayed.get("effective_from").asString()).isEqualTo("2025-11-25");
	}

	@Test
	void aBadAtIsRefusedNamingIt() {
		for (String at : new String[] { "yesterday", "2025-13-01", "2025-12-1", "99999999999999", "", "1.5",
				"2025-12-10T25:00:00Z" }) {
			Response response = this.api.get(Api.TEST_SECRET_KEY,
					CHECK + "?use_cases=social_media&jurisdiction=AU&at=" + at);
			assertThat(response.status()).as(at).isEqualTo(400);
			assertThat(response.error().get("code").asString()).isEqualTo("parameter_invalid");
			assertThat(response.error().get("param").asString()).isEqualTo("at");
			assertThat(response.error().get("message").asString()).contains("Unix seconds");
		}
	}

	@Test
	void malformedJurisdictionIsRefusedNamingIt() {
		for (String code : new String[] { "us-ca", "USA", "US-CALI", "" }) {
			Response response = this.api.get(Api.TEST_SECRET_KEY,
					CHECK + "?use_cases=alcohol_delivery&jurisdiction=" + code);
			assertThat(response.status()).as(code).isEqualTo(400);
			assertThat(response.error().get("code").asString()).isEqualTo("parameter_invalid");
			assertThat(response.error().get("param").asString()).isEqualTo("jurisdiction");
		}
	}

	@Test
	void missingUseCasesIsRefused() {
		Response response = this.api.get(Api.TEST_SECRET_KEY, CHECK + "?jurisdiction=US-CA");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("parameter_missing");
		assertThat(response.error().get("param").asString()).isEqualTo("use_cases");
	}

	@Test
	void emptyUseCaseInTheListIsRefused() {
		Response response = this.api.get(Api.TEST_SECRET_KEY,
				CHECK + "?use_cases=alcohol_delivery,&jurisdiction=US-CA");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("parameter_invalid");
		assertThat(response.error().get("param").asString()).isEqualTo("use_cases");
	}

	@Test
	void unknownUseCaseIsRefusedNamingIt() {
		Response response = this.api.get(Api.TEST_SECRET_KEY,
				CHECK + "?use_cases=alcohol_delivery,space_travel&jurisdiction=US-CA");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("parameter_invalid");
		assertThat(response.error().get("param").asString()).isEqualTo("use_cases");
		assertThat(response.error().get("message").asString()).contains("space_travel");
	}

	@Test
	void moreThanTenUseCasesAreRefused() {
		String eleven = String.join(",", "alcohol_delivery", "alcohol_in_person", "tobacco_nicotine",
				"tobacco_delivery", "cannabis_dispensary", "cannabis_delivery", "gambling_online", "gambling_in_person",
				"sports_betting", "lottery", "adult_content");
		Response response = this.api.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=" + eleven + "&jurisdiction=US-CA");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("use_cases");
		String ten = eleven.substring(0, eleven.lastIndexOf(','));
		assertThat(this.api.get(Api.TEST_SECRET_KEY, CHECK + "?use_cases=" + ten + "&jurisdiction=US-CA").status())
			.isEqualTo(200);
	}

	private String liveKey() {
		return TestOrganization.create(this.api).liveSecretKey();
	}

}
