package dev.stile.webhook;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A server deployed with {@code STILE_WEBHOOK_TEST_PRIVATE_TARGETS=false}, as the Docker
 * image is: test-mode webhooks reach only public addresses, like live ones, so that a
 * test key cannot use the server to probe its own network.
 */
@IntegrationTest
@TestPropertySource(properties = "stile.webhooks.test-private-targets=false")
class WebhookPrivateTargetsTests {

	@Autowired
	Api api;

	@Autowired
	Environment environment;

	private Merchant merchant;

	private Receiver receiver;

	@BeforeEach
	void setUp() {
		this.merchant = Merchant.create(this.api);
		this.receiver = Receiver.start();
	}

	@AfterEach
	void tearDown() {
		this.merchant.unsubscribeAll();
		this.receiver.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:%d/hooks", "http://127.0.0.1:%d/hooks", "http://[::1]:%d/hooks",
			"https://localhost:%d/hooks", "https://sub.localhost:%d/", "https://10.0.0.7:%d/",
			"https://192.168.1.20:%d/", "https://169.254.169.254:%d/latest/meta-data", "https://[fd12::1]:%d/",
			"https://[::ffff:127.0.0.1]:%d/" })
	void aTestEndpointOnAPrivateOrLoopbackAddressIsRefusedOnCreate(String url) {
		Response response = this.api.post(this.merchant.key(), Merchant.ENDPOINTS,
				Map.of("url", url.formatted(this.receiver.port()), "enabled_events", List.of("*")));

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.error().get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(response.error().get("param").asString()).isEqualTo("url");
		assertThat(this.api.get(this.merchant.key(), Merchant.ENDPOINTS).json().get("data")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:%d/hooks", "https://127.0.0.1:%d/hooks", "https://10.0.0.7:%d/" })
	void aTestEndpointCannotBeMovedToAPrivateOrLoopbackAddressByAnUpdate(String url) {
		String endpointId = this.merchant.subscribe("https://hooks.example.com/stile").get("id").asString();

		Response response = this.api.post(this.merchant.key(), Merchant.ENDPOINTS + "/" + endpointId,
				Map.of("url", url.formatted(this.receiver.port())));

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("url");
		assertThat(
				this.api.get(this.merchant.key(), Merchant.ENDPOINTS + "/" + endpointId).json().get("url").asString())
			.isEqualTo("https://hooks.example.com/stile");
	}

	@Test
	void aTestEndpointOnAPublicAddressIsStillAccepted() {
		JsonNode endpoint = this.merchant.subscribe("https://hooks.example.com/stile");

		assertThat(endpoint.get("livemode").asBoolean()).isFalse();
		assertThat(endpoint.get("url").asString()).isEqualTo("https://hooks.example.com/stile");
	}

	@Test
	void aTestEndpointWhoseNameResolvesToThisMachineIsNeverConnectedTo() throws Exception {
		// With Testcontainers every test server shares one database, and one that allows
		// private targets could make this delivery; the embedded database is this
		// server's own.
		assumeThat(this.environment.getProperty("spring.datasource.url")).isNull();
		// This machine's own name: accepted when created (a name is not resolved then),
		// refused when delivering because it resolves to a loopback or private address,
		// as a name rebound after the check would be.
		String hostname = InetAddress.getLocalHost().getHostName();
		assumeThat(InetAddress.getAllByName(hostname)).allMatch((address) -> !TargetAddresses.isPublic(address));
		String endpointId = this.merchant
			.subscribe(this.merchant.key(), "https://" + hostname + ":" + this.receiver.port() + "/hooks",
					List.of("verification_session.created"))
			.get("id")
			.asString();

		this.merchant.createSession(Map.of("type", "age"));

		JsonNode delivery = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.merchant.deliveries(endpointId).get(0), (d) -> d.get("attempt_count").asInt() == 1);
		assertThat(delivery.get("last_error").asString())
			.isEqualTo("The host could not be resolved to a public address.");
		assertThat(delivery.get("attempts").get(0).get("status_code").isNull()).isTrue();
		assertThat(this.receiver.requests()).isEmpty();
	}

}
