package dev.stile.ops;

import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared test server trusts loopback (the default: loopback and private networks), so
 * its requests come from a trusted proxy. It names no geo header provider
 * ({@code STILE_GEO_HEADERS}); a server of its own names CloudFront.
 */
@IntegrationTest
class ForwardedHeadersTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	private static ServerInstance behindCloudFront;

	@Autowired
	Api api;

	@AfterAll
	static void stop() {
		if (behindCloudFront != null) {
			behindCloudFront.close();
		}
	}

	@Test
	void aTrustedProxysForwardedProtocolMakesTheRequestSecure() {
		Response forwarded = this.api.call("GET", SESSIONS)
			.key(Api.TEST_SECRET_KEY)
			.header("X-Forwarded-Proto", "https")
			.send();
		Response direct = this.api.get(Api.TEST_SECRET_KEY, SESSIONS);

		// Spring Security sends HSTS on secure requests only.
		assertThat(forwarded.header("Strict-Transport-Security")).isNotNull();
		assertThat(direct.header("Strict-Transport-Security")).isNull();
	}

	@Test
	void geoHeadersStayTrustedWhenTheProxyForwardsAPublicClientAddress() {
		Response response = this.api.call("POST", SESSIONS)
			.key(Api.TEST_SECRET_KEY)
			.header("X-Forwarded-For", "203.0.113.7")
			.header("CF-IPCountry", "FR")
			.json(Map.of("type", "age"))
			.send();

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("jurisdiction").asString()).isEqualTo("FR");
	}

	@Test
	void liveModeBelievesNoGeoHeaderWhenNoProviderIsConfigured() {
		String live = liveSecretKey(this.api);

		Response forged = this.api.call("POST", SESSIONS)
			.key(live)
			.header("CF-IPCountry", "GB")
			.json(Map.of("type", "age", "use_case", "alcohol_delivery"))
			.send();
		Response compliance = this.api.call("GET", "/v1/compliance/check?use_cases=alcohol_delivery")
			.key(live)
			.header("CloudFront-Viewer-Country", "GB")
			.send();

		assertThat(forged.status()).as(forged.body()).isEqualTo(422);
		assertThat(forged.error().get("code").asString()).isEqualTo("jurisdiction_unresolvable");
		assertThat(compliance.status()).as(compliance.body()).isEqualTo(422);
		assertThat(compliance.error().get("code").asString()).isEqualTo("jurisdiction_unresolvable");
	}

	@Test
	void behindCloudFrontAForgedCloudflareHeaderDoesNotWinInLiveMode() {
		Api cloudFront = behindCloudFront();
		String live = liveSecretKey(cloudFront);

		Response response = cloudFront.call("POST", SESSIONS)
			.key(live)
			.header("CF-IPCountry", "GB")
			.header("CloudFront-Viewer-Country", "US")
			.header("CloudFront-Viewer-Country-Region", "TX")
			.json(Map.of("type", "age", "use_case", "alcohol_delivery", "methods", List.of("document_capture")))
			.send();
		Response onlyForged = cloudFront.call("POST", SESSIONS)
			.key(live)
			.header("CF-IPCountry", "GB")
			.header("X-Vercel-IP-Country", "GB")
			.json(Map.of("type", "age", "use_case", "alcohol_delivery", "methods", List.of("document_capture")))
			.send();

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("jurisdiction").asString()).isEqualTo("US-TX");
		assertThat(response.json().get("age_tier").asString()).isEqualTo("over_21");
		assertThat(onlyForged.status()).as(onlyForged.body()).isEqualTo(422);
		assertThat(onlyForged.error().get("code").asString()).isEqualTo("jurisdiction_unresolvable");
	}

	@Test
	void aLiveWidgetSessionBehindCloudFrontIsWhereCloudFrontSaysWithOnlyMethodsThatRunLive() {
		Api cloudFront = behindCloudFront();
		TestOrganization organization = TestOrganization.create(cloudFront);
		String secret = organization.liveSecretKey();
		String publishable = organization.issueKey("publishable", "live").get("secret").asString();
		cloudFront.post(secret, "/v1/webhook_endpoints",
				Map.of("url", "https://example.com/hook", "enabled_events", List.of("*")));

		Response located = cloudFront.call("POST", "/v1/widget/sessions")
			.key(publishable)
			.header("CloudFront-Viewer-Country", "US")
			.header("CloudFront-Viewer-Country-Region", "CA")
			.json(Map.of("products", "alcohol_delivery"))
			.send();

		assertThat(located.status()).as(located.body()).isEqualTo(200);
		assertThat(located.json().get("jurisdiction").asString()).isEqualTo("US-CA");
		JsonNode session = cloudFront.get(secret, SESSIONS + "/" + located.json().get("id").asString()).json();
		assertThat(session.get("livemode").asBoolean()).isTrue();
		assertThat(session.get("methods").valueStream().map(JsonNode::asString).toList())
			.containsExactly("document_capture");
	}

	@Test
	void testModeStillBelievesEveryProviderButTheConfiguredOneFirst() {
		Api cloudFront = behindCloudFront();

		Response both = cloudFront.call("POST", SESSIONS)
			.key(Api.TEST_SECRET_KEY)
			.header("CF-IPCountry", "GB")
			.header("CloudFront-Viewer-Country", "US")
			.header("CloudFront-Viewer-Country-Region", "TX")
			.json(Map.of("type", "age"))
			.send();
		Response vercel = cloudFront.call("POST", SESSIONS)
			.key(Api.TEST_SECRET_KEY)
			.header("X-Vercel-IP-Country", "FR")
			.json(Map.of("type", "age"))
			.send();

		assertThat(both.json().get("jurisdiction").asString()).isEqualTo("US-TX");
		assertThat(vercel.json().get("jurisdiction").asString()).isEqualTo("FR");
	}

	private static synchronized Api behindCloudFront() {
		if (behindCloudFront == null) {
			behindCloudFront = ServerInstance.start("stile.http.geo-headers=cloudfront",
					"stile.http.trusted-proxies=127.0.0.1/32,::1/128");
		}
		return behindCloudFront.api();
	}

	/**
	 * A live secret key of a new organization with the webhook endpoint live sessions
	 * need.
	 */
	private static String liveSecretKey(Api api) {
		String live = TestOrganization.create(api).liveSecretKey();
		Response endpoint = api.post(live, "/v1/webhook_endpoints",
				Map.of("url", "https://example.com/hook", "enabled_events", List.of("*")));
		assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
		return live;
	}

}
