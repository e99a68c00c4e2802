package dev.stile.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender connects only to addresses it checked itself, never follows a redirect and
 * keeps to its deadline.
 */
class WebhookSenderTests {

	private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Receiver receiver = Receiver.start();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	private static WebhookSender resolving(String... addresses) {
		return new WebhookSender((host) -> {
			InetAddress[] resolved = new InetAddress[addresses.length];
			for (int i = 0; i < addresses.length; i++) {
				resolved[i] = InetAddress.getByName(addresses[i]);
			}
			return resolved;
		}, (SSLSocketFactory) SSLSocketFactory.getDefault());
	}

	@Test
	void postsTheBodyAndHeadersToTheAddressItChecked() {
		WebhookSender sender = resolving("127.0.0.1");
		URI url = URI.create("http://hooks.merchant.test:" + this.receiver.port() + "/stile?x=1");

		WebhookSender.Outcome outcome = sender.post(url, BODY, Map.of("Stile-Signature", "t=1,v1=ab"),
				(address) -> TargetAddresses.allowed(address, false, true), TIMEOUT);

		assertThat(outcome.succeeded()).isTrue();
		assertThat(outcome.statusCode()).isEqualTo(200);
		assertThat(outcome.error()).isNull();
		Receiver.Request request = this.receiver.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/stile?x=1");
		assertThat(request.body()).isEqualTo("{\"id\":\"evt_1\"}");
		assertThat(request.header("Stile-Signature")).isEqualTo("t=1,v1=ab");
		// The name stays the name, although the connection went to the pinned address.
		assertThat(request.header("Host")).isEqualTo("hooks.merchant.test:" + this.receiver.port());
	}

	@Test
	void refusesANameThatResolvesToAPrivateAddressWithoutConnecting() {
		WebhookSender sender = resolving("10.0.0.5");

		WebhookSender.Outcome outcome = sender.post(URI.create("https://rebound.merchant.test/hooks"), BODY, Map.of(),
				(address) -> TargetAddresses.allowed(address, true, false), TIMEOUT);

		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.statusCode()).isNull();
		assertThat(outcome.error()).isEqualTo(WebhookSender.UNRESOLVED).doesNotContain("10.0.0.5");
	}

	@Test
	void refusesANameWithAnyNonPublicAddressAmongPublicOnes() {
		WebhookSender sender = resolving("93.184.215.14", "127.0.0.1");

		WebhookSender.Outcome outcome = sender.post(
				URI.create("http://mixed.merchant.test:" + this.receiver.port() + "/"), BODY, Map.of(),
				(address) -> TargetAddresses.allowed(address, true, false), TIMEOUT);

		assertThat(outcome.error()).isEqualTo(WebhookSender.UNRESOLVED).doesNotContain("127.0.0.1");
		assertThat(this.receiver.requests()).isEmpty();
	}

	@Test
	void doesNotFollowRedirects() {
		this.receiver.answering((n) -> 302);

		WebhookSender.Outcome outcome = resolving("127.0.0.1").post(URI.create(this.receiver.url()), BODY, Map.of(),
				(address) -> true, TIMEOUT);

		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.statusCode()).isEqualTo(302);
		assertThat(outcome.error()).contains("Redirect");
		assertThat(this.receiver.requests()).hasSize(1);
	}

	@Test
	void aNon2xxAnswerIsAFailureWithItsStatus() {
		this.receiver.answering((n) -> 503);

		WebhookSender.Outcome outcome = resolving("127.0.0.1").post(URI.create(this.receiver.url()), BODY, Map.of(),
				(address) -> true, TIMEOUT);

		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.statusCode()).isEqualTo(503);
	}

	@Test
	void givesUpAtTheDeadline() {
		this.receiver.delaying(Duration.ofSeconds(3));

		WebhookSender.Outcome outcome = resolving("127.0.0.1").post(URI.create(this.receiver.url()), BODY, Map.of(),
				(address) -> true, Duration.ofMillis(500));

		assertThat(outcome.succeeded()).isFalse();
		assertThat(outcome.error()).startsWith("Timed out");
		assertThat(outcome.durationMs()).isBetween(400L, 2000L);
	}

	@Test
	void reportsAnUnreachableEndpoint() throws Exception {
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}

		WebhookSender.Outcome outcome = resolving("127.0.0.1").post(URI.create("http://localhost:" + closedPort + "/"),
				BODY, Map.of(), (address) -> true, TIMEOUT);

		assertThat(outcome.statusCode()).isNull();
		assertThat(outcome.error()).isEqualTo(WebhookSender.REFUSED);
	}

	@Test
	void aServiceThatIsNotHttpIsReportedWithoutItsBanner() throws Exception {
		try (Banner banner = Banner.start("SSH-2.0-OpenSSH_9.6p1 db-primary.internal\r\n")) {
			WebhookSender.Outcome outcome = resolving("127.0.0.1").post(
					URI.create("http://localhost:" + banner.port() + "/"), BODY, Map.of(), (address) -> true, TIMEOUT);

			assertThat(outcome.statusCode()).isNull();
			assertThat(outcome.error()).isEqualTo(WebhookSender.NOT_HTTP);
			assertThat(outcome.error()).doesNotContain("SSH", "db-primary", "Exception");
		}
	}

	@Test
	void aTlsFailureIsReportedAsItsClassOnly() throws Exception {
		// The service answers the handshake with its banner: the handshake fails, and how
		// exactly stays unsaid.
		try (Banner banner = Banner.start("220 mail.internal ESMTP Postfix\r\n")) {
			WebhookSender.Outcome outcome = resolving("127.0.0.1").post(
					URI.create("https://localhost:" + banner.port() + "/"), BODY, Map.of(), (address) -> true, TIMEOUT);

			assertThat(outcome.statusCode()).isNull();
			assertThat(outcome.error()).isEqualTo(WebhookSender.TLS);
		}
	}

}
