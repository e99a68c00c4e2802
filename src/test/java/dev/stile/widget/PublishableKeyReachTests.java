package dev.stile.widget;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a publishable key, public on the merchant's page, may reach: only the use cases
 * the operator pinned it to, redirects only to its organization's allowed origins, and
 * the hosted page framed only by them.
 */
@IntegrationTest
class PublishableKeyReachTests {

	private static final String SESSIONS = "/v1/widget/sessions";

	@Autowired
	Api api;

	@Test
	void aKeyPinnedToUseCasesStartsSessionsForThemAndRefusesOthers() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode key = organization.issueKey("publishable", "test");
		String publishable = key.get("secret").asString();

		Response pinned = patchKey(organization, key, Map.of("allowed_use_cases", List.of("alcohol_delivery")));
		Response allowed = this.api.post(publishable, SESSIONS, Map.of("products", "alcohol_delivery"));
		Response other = this.api.post(publishable, SESSIONS, Map.of("products", "alcohol_delivery,tobacco_nicotine"));

		assertThat(pinned.status()).as(pinned.body()).isEqualTo(200);
		assertThat(strings(pinned.json().get("allowed_use_cases"))).containsExactly("alcohol_delivery");
		assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
		assertThat(other.status()).as(other.body()).isEqualTo(403);
		assertThat(other.error().get("type").asString()).isEqualTo("permission_error");
		assertThat(other.error().get("code").asString()).isEqualTo("use_case_not_allowed");
		assertThat(other.error().get("param").asString()).isEqualTo("products");
		assertThat(other.error().get("message").asString()).contains("tobacco_nicotine");
		JsonNode listed = this.api.get(Api.ADMIN_TOKEN, organization.keysPath()).json().get("data");
		assertThat(strings(listed.get(0).get("allowed_use_cases"))).containsExactly("alcohol_delivery");
	}

	@Test
	void unpinningAKeyLetsItAskForAnyUseCaseAgain() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode key = organization.issueKey("publishable", "test");
		patchKey(organization, key, Map.of("allowed_use_cases", List.of("alcohol_delivery")));
		Map<String, Object> unpin = new HashMap<>();
		unpin.put("allowed_use_cases", null);

		Response unpinned = patchKey(organization, key, unpin);
		Response any = this.api.post(key.get("secret").asString(), SESSIONS, Map.of("products", "tobacco_nicotine"));

		assertThat(unpinned.status()).as(unpinned.body()).isEqualTo(200);
		assertThat(unpinned.json().get("allowed_use_cases").isNull()).isTrue();
		assertThat(any.status()).as(any.body()).isEqualTo(200);
	}

	@Test
	void allowedUseCasesMustBeKnownAndOnlyPublishableKeysTakeThem() {
		TestOrganization organization = TestOrganization.create(this.api);
		JsonNode publishable = organization.issueKey("publishable", "test");
		JsonNode secret = organization.issueKey("secret", "test");

		Response unknown = patchKey(organization, publishable, Map.of("allowed_use_cases", List.of("no_such_thing")));
		Response empty = patchKey(organization, publishable, Map.of("allowed_use_cases", List.of()));
		Response onSecret = patchKey(organization, secret, Map.of("allowed_use_cases", List.of("alcohol_delivery")));

		for (Response refused : List.of(unknown, empty, onSecret)) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(400);
			assertThat(refused.error().get("param").asString()).isEqualTo("allowed_use_cases");
		}
	}

	@Test
	void aTestKeyOfAnOrganizationWithoutAllowedOriginsMayRedirectAnywhere() {
		String publishable = TestOrganization.create(this.api).testPublishableKey();

		Response response = this.api.post(publishable, SESSIONS, Map.of("products", "alcohol_delivery", "return_url",
				"https://anywhere.example/done", "cancel_url", "http://localhost:8080/cart"));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void redirectsGoOnlyToTheOrganizationsAllowedOrigins() {
		TestOrganization organization = TestOrganization.create(this.api);
		String publishable = organization.testPublishableKey();
		Response set = patchOrganization(organization,
				Map.of("allowed_origins", List.of("https://shop.example", "http://localhost:8080")));

		Response elsewhere = this.api.post(publishable, SESSIONS,
				Map.of("products", "alcohol_delivery", "return_url", "https://evil.example/shop.example"));
		Response lookalike = this.api.post(publishable, SESSIONS, Map.of("products", "alcohol_delivery", "return_url",
				"https://shop.example/done", "cancel_url", "https://shop.example.evil.example/cart"));
		Response otherPort = this.api.post(publishable, SESSIONS,
				Map.of("products", "alcohol_delivery", "return_url", "https://shop.example:8443/done"));
		Response home = this.api.post(publishable, SESSIONS, Map.of("products", "alcohol_delivery", "return_url",
				"https://SHOP.example:443/done?order=42", "cancel_url", "http://localhost:8080/cart"));
		Response bySecretKey = this.api.post(organization.testSecretKey(), SESSIONS,
				Map.of("products", "alcohol_delivery", "return_url", "https://partner.example/done"));

		assertThat(set.status()).as(set.body()).isEqualTo(200);
		assertThat(strings(set.json().get("allowed_origins"))).containsExactly("https://shop.example",
				"http://localhost:8080");
		assertRefusedOrigin(elsewhere, "return_url");
		assertRefusedOrigin(lookalike, "cancel_url");
		assertRefusedOrigin(otherPort, "return_url");
		assertThat(home.status()).as(home.body()).isEqualTo(200);
		// The merchant's own server chooses its redirects.
		assertThat(bySecretKey.status()).as(bySecretKey.body()).isEqualTo(200);
	}

	@Test
	void liveKeysRedirectOnlyOnceTheOrganizationHasAllowedOrigins() {
		TestOrganization organization = TestOrganization.create(this.api);
		String live = organization.issueKey("publishable", "live").get("secret").asString();
		Map<String, Object> redirect = Map.of("products", "alcohol_delivery", "return_url",
				"https://shop.example/done");

		Response withoutOrigins = this.api.post(live, SESSIONS, redirect);
		patchOrganization(organization, Map.of("allowed_origins", List.of("https://shop.example")));
		Response withOrigins = this.api.post(live, SESSIONS, redirect);

		assertRefusedOrigin(withoutOrigins, "return_url");
		assertThat(withoutOrigins.error().get("message").asString()).contains("allowed_origins");
		// Past the redirect check: the shared server names no live fallback jurisdiction.
		assertThat(withOrigins.error().get("code").asString()).isEqualTo("jurisdiction_unresolvable");
	}

	@Test
	void allowedOriginsAreOriginsOnly() {
		TestOrganization organization = TestOrganization.create(this.api);

		for (String bad : new String[] { "https://shop.example/path", "javascript:alert(1)", "https://*.example",
				"ftp://shop.example", "http://shop.example", "https://user@shop.example", "shop.example",
				"https://shop.example; script-src *" }) {
			Response refused = patchOrganization(organization, Map.of("allowed_origins", List.of(bad)));
			assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(400);
			assertThat(refused.error().get("param").asString()).isEqualTo("allowed_origins");
		}
		Response read = this.api.get(Api.ADMIN_TOKEN, TestOrganization.ORGANIZATIONS + "/" + organization.id());
		assertThat(read.json().get("allowed_origins").isEmpty()).isTrue();
	}

	@Test
	void theHostedPageIsFramedOnlyByItsOrganizationsAllowedOrigins() {
		TestOrganization organization = TestOrganization.create(this.api);
		patchOrganization(organization, Map.of("allowed_origins", List.of("https://shop.example")));
		String own = sessionId(organization.testSecretKey());
		String withoutOrigins = sessionId(TestOrganization.create(this.api).testSecretKey());

		String ownPolicy = this.api.get(null, "/verify/" + own).header("Content-Security-Policy");
		String defaultPolicy = this.api.get(null, "/verify/" + withoutOrigins).header("Content-Security-Policy");

		assertThat(frameAncestors(ownPolicy)).containsExactly("https://shop.example");
		assertThat(frameAncestors(defaultPolicy)).containsExactly("*");
	}

	private static List<String> frameAncestors(String policy) {
		return Arrays.stream(policy.split(";"))
			.map(String::trim)
			.filter((directive) -> directive.startsWith("frame-ancestors "))
			.flatMap((directive) -> Arrays.stream(directive.substring("frame-ancestors ".length()).split(" ")))
			.toList();
	}

	private String sessionId(String secretKey) {
		Response created = this.api.post(secretKey, "/v1/verification_sessions", Map.of("type", "age"));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json().get("id").asString();
	}

	private static void assertRefusedOrigin(Response response, String param) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("url_origin_not_allowed");
		assertThat(response.error().get("param").asString()).isEqualTo(param);
	}

	private Response patchKey(TestOrganization organization, JsonNode key, Map<String, Object> body) {
		return this.api.call("PATCH", organization.keysPath() + "/" + key.get("id").asString())
			.key(Api.ADMIN_TOKEN)
			.json(body)
			.send();
	}

	private Response patchOrganization(TestOrganization organization, Map<String, Object> body) {
		return this.api.call("PATCH", TestOrganization.ORGANIZATIONS + "/" + organization.id())
			.key(Api.ADMIN_TOKEN)
			.json(body)
			.send();
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
