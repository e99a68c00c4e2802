package dev.stile.security;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stile.ops.ServerInstance;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one client, one customer or one session may ask of the server: the per-session and
 * per-address limits of the widget's client-secret API, the per-address limit under a
 * publishable key's own, and the throttle on wrong operator tokens. A server of its own,
 * since every request of the shared one comes from loopback; each test speaks for other
 * client addresses through the trusted loopback proxy's {@code X-Forwarded-For}.
 */
class ClientLimitsTests {

	private static final String CLIENT = "/v1/client/session";

	private static final AtomicInteger addresses = new AtomicInteger();

	private static ServerInstance server;

	private static Api api;

	@BeforeAll
	static void start() {
		server = ServerInstance.start("stile.rate-limits.client-per-session-per-minute=5",
				"stile.rate-limits.client-per-address-per-minute=8",
				"stile.rate-limits.publishable-per-address-per-minute=3",
				"stile.rate-limits.admin-failures-per-address-per-minute=10");
		api = server.api();
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void aSessionOverItsLimitIsRefusedWithRetryAfterWhileOtherSessionsGoOn() {
		String secret = clientSecret();
		String other = clientSecret();

		for (int i = 0; i < 5; i++) {
			assertThat(client("GET", CLIENT, secret, newAddress()).status()).isEqualTo(200);
		}
		Response refused = client("POST", CLIENT + "/start", secret, newAddress());

		assertTooMany(refused);
		assertThat(client("GET", CLIENT, other, newAddress()).status()).isEqualTo(200);
	}

	@Test
	void anAddressOverItsLimitIsRefusedAcrossSessionsWhileOtherAddressesGoOn() {
		String address = newAddress();
		String[] secrets = { clientSecret(), clientSecret(), clientSecret() };

		for (int i = 0; i < 8; i++) {
			assertThat(client("GET", CLIENT, secrets[i % 3], address).status()).isEqualTo(200);
		}
		Response refused = client("GET", CLIENT, secrets[0], address);
		// Wrong secrets count too: guessing is what the limit is for.
		Response guess = client("GET", CLIENT, "vks_guessed_secret_guessed", address);

		assertTooMany(refused);
		assertTooMany(guess);
		assertThat(client("GET", CLIENT, secrets[0], newAddress()).status()).isEqualTo(200);
	}

	@Test
	void oneCustomerCannotExhaustTheMerchantsPublishableKey() {
		String publishable = TestOrganization.create(api).testPublishableKey();
		String customer = newAddress();

		for (int i = 0; i < 3; i++) {
			assertThat(widgetSession(publishable, customer).status()).isEqualTo(200);
		}
		Response refused = widgetSession(publishable, customer);
		Response anotherCustomer = widgetSession(publishable, newAddress());

		assertTooMany(refused);
		assertThat(anotherCustomer.status()).as(anotherCustomer.body()).isEqualTo(200);
		// The refused customer's requests beyond its own limit did not use up the key's.
		assertThat(anotherCustomer.header("X-RateLimit-Limit")).isEqualTo("100");
		// 4 of 100 used; one more may have come back since, at 100 a minute.
		assertThat(Long.parseLong(anotherCustomer.header("X-RateLimit-Remaining"))).isBetween(96L, 97L);
	}

	@Test
	void wrongOperatorTokensAreThrottledPerAddressEvenForTheRightToken() {
		String guesser = newAddress();

		for (int i = 0; i < 10; i++) {
			Response wrong = admin("wrong-token-" + i + "-padded-to-thirty-two-characters", guesser);
			assertThat(wrong.status()).isEqualTo(401);
		}
		Response throttled = admin("another-wrong-token-padded-to-thirty-two-chars", guesser);
		Response rightButThrottled = admin(Api.ADMIN_TOKEN, guesser);
		Response operator = admin(Api.ADMIN_TOKEN, newAddress());

		assertTooMany(throttled);
		assertTooMany(rightButThrottled);
		assertThat(operator.status()).as(operator.body()).isEqualTo(201);
	}

	private static void assertTooMany(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(429);
		assertThat(response.error().get("type").asString()).isEqualTo("rate_limit_error");
		assertThat(response.error().get("code").asString()).isEqualTo("rate_limit_exceeded");
		assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 60L);
	}

	private static String clientSecret() {
		Response created = api.post(Api.TEST_SECRET_KEY, "/v1/verification_sessions", Map.of("type", "age"));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json().get("client_secret").asString();
	}

	private static Response client(String method, String path, String secret, String address) {
		return api.call(method, path).key(secret).header("X-Forwarded-For", address).send();
	}

	private static Response widgetSession(String publishable, String address) {
		return api.call("POST", "/v1/widget/sessions")
			.key(publishable)
			.header("X-Forwarded-For", address)
			.json(Map.of("products", "alcohol_delivery"))
			.send();
	}

	private static Response admin(String token, String address) {
		return api.call("POST", TestOrganization.ORGANIZATIONS)
			.key(token)
			.header("X-Forwarded-For", address)
			.json(Map.of("name", "Throttle"))
			.send();
	}

	/** A client address no other request of this server has used. */
	private static String newAddress() {
		int n = addresses.incrementAndGet();
		return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
	}

}
