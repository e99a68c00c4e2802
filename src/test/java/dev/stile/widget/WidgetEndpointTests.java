package dev.stile.widget;

import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the widget needs from the server, through real HTTP: the publishable-key session
 * endpoint, and the page and script with their headers.
 */
@IntegrationTest
class WidgetEndpointTests {

	private static final String SESSIONS = "/v1/widget/sessions";

	@Autowired
	private Api api;

	@Test
	void aMixedCartIsVerifiedToItsStrictestRules() {
		Api.Response response = this.api.post(Api.TEST_PUBLISHABLE_KEY, SESSIONS,
				Map.of("products", "social_media,alcohol_delivery,tobacco_nicotine", "email", "buyer@example.com"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode created = response.json();
		String id = created.get("id").asString();
		assertThat(created.get("object").asString()).isEqualTo("widget_session");
		assertThat(created.get("client_secret").asString()).startsWith(id + "_secret_");
		assertThat(created.get("verification_path").asString()).isEqualTo("/verify/" + id);
		assertThat(created.get("jurisdiction").asString()).isEqualTo("US-CA");
		JsonNode session = this.api.get(Api.TEST_SECRET_KEY, "/v1/verification_sessions/" + id).json();
		assertThat(session.get("type").asString()).isEqualTo("age");
		assertThat(session.get("use_case").asString()).isEqualTo("alcohol_delivery");
		assertThat(session.get("age_tier").asString()).isEqualTo("over_21");
		assertThat(session.get("physical_check_required").asBoolean()).isTrue();
		JsonNode check = this.api
			.get(Api.TEST_PUBLISHABLE_KEY,
					"/v1/compliance/check?use_cases=social_media,alcohol_delivery,tobacco_nicotine&jurisdiction=US-CA")
			.json();
		assertThat(session.get("methods").valueStream().map(JsonNode::asString).toList()).isEqualTo(
				check.get("most_restrictive").get("allowed_methods").valueStream().map(JsonNode::asString).toList());
	}

	@Test
	void theJurisdictionComesFromTheTrustedGeoHeaders() {
		Api.Response response = this.api.call("POST", SESSIONS)
			.key(Api.TEST_PUBLISHABLE_KEY)
			.header("CF-IPCountry", "US")
			.header("CF-Region-Code", "TX")
			.json(Map.of("products", "tobacco_nicotine"))
			.send();
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("jurisdiction").asString()).isEqualTo("US-TX");
	}

	@Test
	void aProhibitedProductIsRefusedByName() {
		Api.Response response = this.api.call("POST", SESSIONS)
			.key(Api.TEST_PUBLISHABLE_KEY)
			.header("CF-IPCountry", "ZZ")
			.json(Map.of("products", "alcohol_delivery,cannabis_delivery"))
			.send();
		assertThat(response.status()).as(response.body()).isEqualTo(422);
		assertThat(response.error().get("code").asString()).isEqualTo("use_case_prohibited");
		assertThat(response.error().get("message").asString()).contains("cannabis_delivery");
		assertThat(response.error().get("param").asString()).isEqualTo("products");
	}

	@Test
	void productsAreCheckedBeforeAnythingIsCreated() {
		Api.Response unknown = this.api.post(Api.TEST_PUBLISHABLE_KEY, SESSIONS, Map.of("products", "wine,"));
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.error().get("param").asString()).isEqualTo("products");
		Api.Response missing = this.api.post(Api.TEST_PUBLISHABLE_KEY, SESSIONS, Map.of());
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.error().get("param").asString()).isEqualTo("products");
		Api.Response extra = this.api.post(Api.TEST_PUBLISHABLE_KEY, SESSIONS,
				Map.of("products", "alcohol_delivery", "type", "identity"));
		assertThat(extra.status()).isEqualTo(400);
		assertThat(extra.error().get("param").asString()).isEqualTo("type");
	}

	@Test
	void aSecretKeyMayStartAWidgetSessionToo() {
		Api.Response response = this.api.post(Api.TEST_SECRET_KEY, SESSIONS, Map.of("products", "alcohol_delivery"));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	@Test
	void aPublishableKeyCanDoNothingElse() {
		Api.Response list = this.api.get(Api.TEST_PUBLISHABLE_KEY, "/v1/verification_sessions");
		assertThat(list.status()).isEqualTo(403);
		assertThat(list.error().get("code").asString()).isEqualTo("publishable_key_scope");
		Api.Response create = this.api.post(Api.TEST_PUBLISHABLE_KEY, "/v1/verification_sessions",
				Map.of("type", "age"));
		assertThat(create.status()).isEqualTo(403);
		assertThat(create.error().get("code").asString()).isEqualTo("publishable_key_scope");
	}

	@Test
	void liveModeNeedsToKnowWhereTheCustomerIsAndBelievesNoGeoHeaderByDefault() {
		Api.Response organization = this.api.call("POST", "/admin/v1/organizations")
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("name", "Live widget merchant"))
			.send();
		String path = "/admin/v1/organizations/" + organization.json().get("id").asString() + "/api_keys";
		String secret = this.api.call("POST", path)
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("type", "secret", "mode", "live"))
			.send()
			.json()
			.get("secret")
			.asString();
		String publishable = this.api.call("POST", path)
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("type", "publishable", "mode", "live"))
			.send()
			.json()
			.get("secret")
			.asString();
		this.api.post(secret, "/v1/webhook_endpoints",
				Map.of("url", "https://example.com/hook", "enabled_events", List.of("*")));
		Api.Response nowhere = this.api.post(publishable, SESSIONS, Map.of("products", "alcohol_delivery"));
		assertThat(nowhere.status()).as(nowhere.body()).isEqualTo(422);
		assertThat(nowhere.error().get("code").asString()).isEqualTo("jurisdiction_unresolvable");
		// This server names no geo header provider (STILE_GEO_HEADERS), so live mode
		// believes
		// none: a customer could send them. ForwardedHeadersTests covers a configured
		// one.
		Api.Response forged = this.api.call("POST", SESSIONS)
			.key(publishable)
			.header("CloudFront-Viewer-Country", "US")
			.header("CloudFront-Viewer-Country-Region", "CA")
			.json(Map.of("products", "alcohol_delivery"))
			.send();
		assertThat(forged.status()).as(forged.body()).isEqualTo(422);
		assertThat(forged.error().get("code").asString()).isEqualTo("jurisdiction_unresolvable");
	}

	@Test
	void theHostedPageRunsUnderAStrictPolicyAndMayBeFramed() {
		Api.Response page = this.api.call("GET", "/verify/vks_00VbfSk3I9hQzqv9zEmmBZu").send();
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		String policy = page.header("Content-Security-Policy");
		assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors *");
		assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval");
		assertThat(page.header("X-Frame-Options")).isNull();
		assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(page.body()).doesNotContain("<script>", "style=");
		Api.Response start = this.api.call("GET", "/verify/new").send();
		assertThat(start.status()).isEqualTo(200);
	}

	@Test
	void theWidgetScriptIsPublicAndCacheable() {
		Api.Response script = this.api.call("GET", "/widget.js").send();
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Content-Type")).startsWith("text/javascript");
		assertThat(script.header("Cache-Control")).contains("public", "max-age=300");
		assertThat(script.body()).contains("customElements.define('stile-button'");
		Api.Response messages = this.api.call("GET", "/widget/messages_es.json").send();
		assertThat(messages.status()).isEqualTo(200);
		assertThat(messages.json().get("page.title.age").asString()).isEqualTo("Verifica tu edad");
	}

}
