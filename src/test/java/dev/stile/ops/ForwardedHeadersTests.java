package dev.stile.ops;

import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared test server trusts loopback (the default: loopback and private networks), so
 * its requests come from a trusted proxy.
 */
@IntegrationTest
class ForwardedHeadersTests {

	@Autowired
	Api api;

	@Test
	void aTrustedProxysForwardedProtocolMakesTheRequestSecure() {
		Response forwarded = this.api.call("GET", "/v1/verification_sessions")
			.key(Api.TEST_SECRET_KEY)
			.header("X-Forwarded-Proto", "https")
			.send();
		Response direct = this.api.get(Api.TEST_SECRET_KEY, "/v1/verification_sessions");

		// Spring Security sends HSTS on secure requests only.
		assertThat(forwarded.header("Strict-Transport-Security")).isNotNull();
		assertThat(direct.header("Strict-Transport-Security")).isNull();
	}

	@Test
	void geoHeadersStayTrustedWhenTheProxyForwardsAPublicClientAddress() {
		Response response = this.api.call("POST", "/v1/verification_sessions")
			.key(Api.TEST_SECRET_KEY)
			.header("X-Forwarded-For", "203.0.113.7")
			.header("CF-IPCountry", "FR")
			.json(Map.of("type", "age"))
			.send();

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("jurisdiction").asString()).isEqualTo("FR");
	}

}
