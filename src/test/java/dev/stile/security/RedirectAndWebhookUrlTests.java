package dev.stile.security;

import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API7 and open redirects, spec §2 and §6: return and cancel URLs are absolute
 * https (http only to localhost in test mode), webhook URLs too, and a live webhook is
 * never pointed at a private address, whether on create or on update.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedirectAndWebhookUrlTests {

	@Autowired
	Api api;

	Tenant tenant;

	String liveEndpoint;

	@BeforeAll
	void tenant() {
		this.tenant = Tenant.create(this.api);
		this.liveEndpoint = Tenant
			.ok(this.api.post(this.tenant.liveKey, "/v1/webhook_endpoints",
					Map.of("url", "https://hooks.example.com/live", "enabled_events", List.of("*"))))
			.get("id")
			.asString();
	}

	@ParameterizedTest
	@ValueSource(strings = { "data:text/html,<script>alert(1)</script>", "JAVASCRIPT:alert(1)", "vbscript:msgbox(1)",
			"file:///etc/passwd", "//evil.example.com/phish", "https:/evil.example.com", "https://",
			"http://127.0.0.1.nip.io/", "http://localhost@evil.example.com/",
			"https://good.example.com\r\nSet-Cookie: a=b", "https://good.example.com/\u0000", "mailto:a@example.com",
			"http://evil.example.com/?next=http://localhost/", "http://0x7f000001/", "http://2130706433/" })
	void redirectUrlsAreAbsoluteHttpsOrLocalhost(String url) {
		for (String param : List.of("return_url", "cancel_url")) {
			Response response = this.api.post(this.tenant.secretKey, Tenant.SESSIONS,
					Map.of("type", "age", "jurisdiction", "US-CA", param, url));

			assertThat(response.status()).as(param + "=" + url + " " + response.body()).isEqualTo(400);
			assertThat(response.error().get("param").asString()).isEqualTo(param);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:3000/done", "http://127.0.0.1/done", "http://[::1]:8080/done" })
	void liveModeRefusesHttpRedirectsEvenToLocalhost(String url) {
		for (String param : List.of("return_url", "cancel_url")) {
			Response response = this.api.post(this.tenant.liveKey, Tenant.SESSIONS,
					Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("document_capture"), param, url));

			assertThat(response.status()).as(param + "=" + url + " " + response.body()).isEqualTo(400);
			assertThat(response.error().get("param").asString()).isEqualTo(param);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://127.0.0.1/hooks", "https://10.0.0.7/hooks",
			"https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fd12::1]/", "https://localhost/",
			"https://sub.localhost/", "http://hooks.example.com/", "https://100.64.1.1/", "https://[::ffff:127.0.0.1]/",
			"https://0.0.0.0/", "https://224.0.0.1/" })
	void aLiveWebhookCannotBeMovedToAPrivateAddressByAnUpdate(String url) {
		Response response = this.api.post(this.tenant.liveKey, "/v1/webhook_endpoints/" + this.liveEndpoint,
				Map.of("url", url));

		assertThat(response.status()).as(url + " " + response.body()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("url");
		assertThat(Tenant.ok(this.api.get(this.tenant.liveKey, "/v1/webhook_endpoints/" + this.liveEndpoint))
			.get("url")
			.asString()).isEqualTo("https://hooks.example.com/live");
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:///etc/passwd", "gopher://localhost:25/", "javascript:alert(1)", "data:,x",
			"ftp://hooks.example.com/", "http://hooks.example.com/", "https://hooks.example.com/#fragment",
			"https://user@hooks.example.com/" })
	void aWebhookUrlMustBeHttpsInEitherModeOnCreateAndUpdate(String url) {
		for (String key : List.of(this.tenant.secretKey, this.tenant.liveKey)) {
			Response created = this.api.post(key, "/v1/webhook_endpoints",
					Map.of("url", url, "enabled_events", List.of("*")));
			String endpoint = key.equals(this.tenant.liveKey) ? this.liveEndpoint : this.tenant.endpointId;
			Response updated = this.api.post(key, "/v1/webhook_endpoints/" + endpoint, Map.of("url", url));

			for (Response response : List.of(created, updated)) {
				assertThat(response.status()).as(url + " " + response.body()).isEqualTo(400);
				assertThat(response.error().get("param").asString()).isEqualTo("url");
			}
		}
	}

}
