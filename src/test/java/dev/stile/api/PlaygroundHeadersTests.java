package dev.stile.api;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playground at {@code /docs} takes API keys, so it may not be framed by other sites,
 * runs under a policy of its own, and does not keep the keys in the browser.
 */
@IntegrationTest
class PlaygroundHeadersTests {

	@Autowired
	Api api;

	@Test
	void thePlaygroundMayNotBeFramedAndRunsUnderItsOwnPolicy() {
		for (String path : new String[] { "/docs", "/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js" }) {
			Response response = this.api.get(null, path);

			assertThat(response.status()).as(path).isIn(200, 302);
			assertThat(response.header("X-Frame-Options")).as(path).isEqualTo("DENY");
			String policy = response.header("Content-Security-Policy");
			assertThat(policy).as(path).contains("frame-ancestors 'none'", "default-src 'none'", "script-src 'self'");
			assertThat(policy).as(path).doesNotContain("unsafe-eval");
		}
	}

	@Test
	void thePlaygroundDoesNotPersistAuthorization() {
		Response config = this.api.get(null, "/v1/openapi.json/swagger-config");

		assertThat(config.status()).as(config.body()).isEqualTo(200);
		assertThat(config.json().path("persistAuthorization").asBoolean(false)).isFalse();
	}

	@Test
	void theHostedPageKeepsItsOwnPolicy() {
		Response page = this.api.get(null, "/verify/new");

		assertThat(page.header("X-Frame-Options")).isNull();
		assertThat(page.header("Content-Security-Policy")).contains("frame-ancestors *");
	}

}
