package dev.stile.webhook;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stile.session.SessionEvent;
import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Events reach a real HTTP receiver on localhost, signed, at least once, through
 * failures, crashes and slow neighbours.
 */
@IntegrationTest
class WebhookDeliveryTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationEventPublisher publisher;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	MeterRegistry meters;

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
		this.clock.reset();
	}

	private void assertSigned(Receiver.Request request, String secret) {
		assertSigned(request, secret, this.clock.instant());
	}

	private static void assertSigned(Receiver.Request request, String secret, Instant receivedAt) {
		String signature = request.header(WebhookSignature.HEADER);
		assertThat(signature).matches("t=[0-9]+,v1=[0-9a-f]{64}");
		assertThatCode(() -> WebhookSignature.verify(request.body(), signature, secret,
				WebhookSignature.DEFAULT_TOLERANCE, receivedAt))
			.doesNotThrowAnyException();
	}

	/** When the server's clock said the request was signed. */
	private static Instant signedAt(Receiver.Request request) {
		return Instant
			.ofEpochSecond(Long.parseLong(request.header(WebhookSignature.HEADER).split(",")[0].substring(2)));
	}

	private Receiver.Request awaitEvent(String sessionId, String type) {
		await().atMost(WAIT).until(() -> !this.receiver.eventsOf(sessionId, type).isEmpty());
		return this.receiver.eventsOf(sessionId, type).get(0);
	}

	@Test
	void createdProcessingAndVerifiedArriveSignedWithTheSessionAsRetrieveShowsIt() {
		String secret = this.merchant.subscribe(this.receiver.url()).get("secret").asString();

		JsonNode session = this.merchant.createSession(Map.of("type", "age", "skip_verification", true));
		String id = session.get("id").asString();

		for (String type : List.of("created", "processing", "verified")) {
			Receiver.Request request = awaitEvent(id, "verification_session." + type);
			assertSigned(request, secret);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.header("Content-Type")).startsWith("application/json");
			JsonNode event = request.event();
			assertThat(event.get("id").asString()).startsWith("evt_");
			assertThat(event.get("object").asString()).isEqualTo("event");
			assertThat(event.get("livemode").asBoolean()).isFalse();
			JsonNode object = event.get("data").get("object");
			assertThat(object.get("object").asString()).isEqualTo("verification_session");
			assertThat(object.get("status").asString()).isEqualTo(type);
			assertThat(object.get("client_secret").isNull()).isTrue();
			// The body is the event exactly as the Events API shows it.
			assertThat(event).isEqualTo(
					this.api.get(this.merchant.key(), Merchant.EVENTS + "/" + event.get("id").asString()).json());
		}
	}

	@Test
	void cancelledArrivesSigned() {
		String secret = this.merchant.subscribe(this.receiver.url()).get("secret").asString();
		String id = this.merchant.createSession(Map.of("type", "age")).get("id").asString();

		this.api.post(this.merchant.key(), Merchant.SESSIONS + "/" + id + "/cancel", null);

		Receiver.Request request = awaitEvent(id, "verification_session.cancelled");
		assertSigned(request, secret);
		assertThat(request.event().get("data").get("object").get("cancelled_at").isNumber()).isTrue();
	}

	@Test
	void expiredArrivesSignedOnceTheExpiryIsWritten() {
		String secret = this.merchant.subscribe(this.receiver.url()).get("secret").asString();
		String id = this.merchant.createSession(Map.of("type", "age")).get("id").asString();
		awaitEvent(id, "verification_session.created");

		this.clock.advance(Duration.ofHours(24).plusSeconds(1));
		this.api.get(this.merchant.key(), Merchant.SESSIONS + "/" + id);

		Receiver.Request request = awaitEvent(id, "verification_session.expired");
		assertSigned(request, secret);
		assertThat(request.event().get("data").get("object").get("status").asString()).isEqualTo("expired");
	}

	@Test
	void onlySubscribedEventsAreSent() {
		this.merchant.subscribe(this.merchant.key(), this.receiver.url(), List.of("verification_session.cancelled"));
		String id = this.merchant.createSession(Map.of("type", "age")).get("id").asString();

		this.api.post(this.merchant.key(), Merchant.SESSIONS + "/" + id + "/cancel", null);

		awaitEvent(id, "verification_session.cancelled");
		assertThat(this.receiver.requests()).hasSize(1);
	}

	@Test
	void aReceiverFailingThreeTimesGetsTheEventDeliveredOnceAfterRetries() {
		this.receiver.answering((n) -> (n <= 3) ? 500 : 204);
		double failedBefore = attempts("failed", "5xx");
		double deliveredBefore = attempts("delivered", "2xx");
		JsonNode endpoint = this.merchant.subscribe(this.merchant.key(), this.receiver.url(),
				List.of("verification_session.created"));
		String secret = endpoint.get("secret").asString();
		String id = this.merchant.createSession(Map.of("type", "age")).get("id").asString();

		for (int failures = 1; failures <= 3; failures++) {
			int expected = failures;
			await().atMost(WAIT).until(() -> this.receiver.requests().size() >= expected);
			await().atMost(WAIT)
				.until(() -> this.merchant.deliveries(endpoint.get("id").asString())
					.get(0)
					.get("attempt_count")
					.asInt() >= expected);
			// Past any backoff so far (at most 4 minutes): the retry is due at once.
			this.clock.advance(Duration.ofMinutes(10));
		}

		await().atMost(WAIT).until(() -> this.receiver.requests().size() >= 4);
		JsonNode delivery = await().atMost(WAIT)
			.until(() -> this.merchant.deliveries(endpoint.get("id").asString()).get(0),
					(d) -> d.get("status").asString().equals("delivered"));
		assertThat(delivery.get("object").asString()).isEqualTo("webhook_delivery");
		assertThat(delivery.get("attempt_count").asInt()).isEqualTo(4);
		assertThat(delivery.get("last_status_code").asInt()).isEqualTo(204);
		assertThat(delivery.get("completed_at").isNumber()).isTrue();
		assertThat(delivery.get("next_attempt_at").isNull()).isTrue();
		assertThat(delivery.get("attempts").valueStream().map((a) -> a.get("status_code").asInt()).toList())
			.containsExactly(500, 500, 500, 204);
		assertThat(delivery.get("attempts").get(0).get("error").asString()).contains("500");
		assertThat(delivery.get("attempts").get(0).get("duration_ms").isNumber()).isTrue();
		// Every attempt carried the same event, and nothing more is sent after the
		// success.
		assertThat(this.receiver.requests()).extracting((r) -> r.event().get("id").asString())
			.containsOnly(delivery.get("event").asString());
		// Each attempt is signed afresh, at the time it is made.
		this.receiver.requests().forEach((request) -> assertSigned(request, secret, signedAt(request)));
		assertThat(this.receiver.requests()).extracting(WebhookDeliveryTests::signedAt).doesNotHaveDuplicates();
		this.clock.advance(Duration.ofHours(1));
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> this.receiver.requests().size() == 4);
		assertThat(this.api
			.get(this.merchant.key(), Merchant.EVENTS + "/" + delivery.get("event").asString() + "/deliveries")
			.json()
			.get("data")
			.get(0)
			.get("id")
			.asString()).isEqualTo(delivery.get("id").asString());
		// And the operator's metrics saw them.
		assertThat(attempts("failed", "5xx") - failedBefore).isGreaterThanOrEqualTo(3);
		assertThat(attempts("delivered", "2xx") - deliveredBefore).isGreaterThanOrEqualTo(1);
		assertThat(this.meters.get("stile.webhook.attempt").tag("outcome", "delivered").timer().count()).isPositive();
	}

	private double attempts(String outcome, String status) {
		Counter counter = this.meters.find("stile.webhook.attempts")
			.tags("outcome", outcome, "status", status, "livemode", "false")
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void aDeliveryClaimedByACrashedInstanceIsMadeOnceItsLeasePasses() {
		this.receiver.answering((n) -> (n == 1) ? 503 : 200);
		JsonNode endpoint = this.merchant.subscribe(this.merchant.key(), this.receiver.url(),
				List.of("verification_session.created"));
		String id = this.merchant.createSession(Map.of("type", "age")).get("id").asString();
		await().atMost(WAIT).until(() -> this.receiver.requests().size() == 1);
		String delivery = await().atMost(WAIT)
			.until(() -> this.merchant.deliveries(endpoint.get("id").asString()).get(0),
					(d) -> d.get("attempt_count").asInt() == 1)
			.get("id")
			.asString();

		// Another instance claims the retry and dies before recording anything.
		Instant now = this.clock.instant();
		this.jdbc.update("""
				UPDATE webhook_delivery SET next_attempt_at = ?, leased_until = ?, claim_token = 'crashed-instance'
				WHERE id = ?
				""", java.sql.Timestamp.from(now), java.sql.Timestamp.from(now.plus(Duration.ofMinutes(2))), delivery);
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.receiver.requests().size() == 1);

		this.clock.advance(Duration.ofMinutes(3));

		await().atMost(WAIT).until(() -> this.receiver.eventsOf(id, "verification_session.created").size() == 2);
		JsonNode done = await().atMost(WAIT)
			.until(() -> this.merchant.deliveries(endpoint.get("id").asString()).get(0),
					(d) -> d.get("status").asString().equals("delivered"));
		assertThat(done.get("attempt_count").asInt()).isEqualTo(2);
	}

	@Test
	void aSlowReceiverDoesNotDelayAFastOne() {
		// The slow receiver answers nothing until the fast one has every event: if a
		// slow delivery held up the others, the fast receiver would never see them all.
		try (Receiver slow = Receiver.start().holding()) {
			this.merchant.subscribe(slow.url());
			this.merchant.subscribe(this.receiver.url());

			for (int i = 0; i < 3; i++) {
				this.merchant.createSession(Map.of("type", "age", "skip_verification", true));
			}

			await().atMost(WAIT).until(() -> this.receiver.requests().size() == 9);
			assertThat(slow.requests().size()).isLessThan(9);
			slow.release();
		}
	}

	@Test
	void anEndpointFailingForDaysIsDisabledWithAReasonAndItsDeliveryFailed() {
		this.receiver.answering((n) -> 500);
		JsonNode endpoint = this.merchant.subscribe(this.merchant.key(), this.receiver.url(),
				List.of("verification_session.created"));
		String endpointId = endpoint.get("id").asString();
		this.merchant.createSession(Map.of("type", "age"));
		await().atMost(WAIT).until(() -> this.merchant.deliveries(endpointId).get(0).get("attempt_count").asInt() == 1);

		this.clock.advance(Duration.ofDays(3).plusHours(1));

		JsonNode delivery = await().atMost(WAIT)
			.until(() -> this.merchant.deliveries(endpointId).get(0),
					(d) -> d.get("status").asString().equals("failed"));
		assertThat(delivery.get("attempt_count").asInt()).isEqualTo(2);
		JsonNode disabled = this.api.get(this.merchant.key(), Merchant.ENDPOINTS + "/" + endpointId).json();
		assertThat(disabled.get("status").asString()).isEqualTo("disabled");
		assertThat(disabled.get("disabled_reason").asString()).contains("failed since").contains("500");
	}

	@Test
	void aLiveEndpointWhoseNameResolvesToAPrivateAddressIsNeverConnectedTo() throws Exception {
		// This machine's own name: accepted when created (it is a name, not a literal),
		// refused when delivering because it resolves to a loopback or private address.
		String hostname = InetAddress.getLocalHost().getHostName();
		InetAddress[] addresses = InetAddress.getAllByName(hostname);
		assumeThat(addresses).allMatch((address) -> !TargetAddresses.isPublic(address));
		String liveKey = this.merchant.liveKey();
		JsonNode endpoint = this.merchant.subscribe(liveKey,
				"https://" + hostname + ":" + this.receiver.port() + "/hooks", List.of("*"));
		String endpointId = endpoint.get("id").asString();

		// Live mode has no verification method on this deployment, so the event of a
		// live session is published as the session service would.
		this.transaction.executeWithoutResult((status) -> this.publisher.publishEvent(
				new SessionEvent("verification_session.created", "vks_livetest", this.merchant.organizationId(), true,
						this.clock.instant(), Map.of("id", "vks_livetest", "object", "verification_session"))));

		JsonNode delivery = await().atMost(WAIT)
			.until(() -> this.api.get(liveKey, Merchant.ENDPOINTS + "/" + endpointId + "/deliveries")
				.json()
				.get("data")
				.get(0), (d) -> d.get("attempt_count").asInt() == 1);
		assertThat(delivery.get("livemode").asBoolean()).isTrue();
		assertThat(delivery.get("status").asString()).isEqualTo("pending");
		assertThat(delivery.get("last_error").asString())
			.isEqualTo("The host could not be resolved to a public address.");
		assertThat(delivery.get("attempts").get(0).get("status_code").isNull()).isTrue();
		assertThat(this.receiver.requests()).isEmpty();
	}

	@Test
	void aTestEndpointOnALocalServiceThatIsNotHttpLearnsOnlyThatItDidNotAnswerHttp() throws Exception {
		try (Banner banner = Banner.start("SSH-2.0-OpenSSH_9.6p1 db-primary.internal\r\n")) {
			String endpointId = this.merchant
				.subscribe(this.merchant.key(), "http://localhost:" + banner.port() + "/hooks",
						List.of("verification_session.created"))
				.get("id")
				.asString();
			this.merchant.createSession(Map.of("type", "age"));

			JsonNode delivery = await().atMost(WAIT)
				.until(() -> this.merchant.deliveries(endpointId).get(0), (d) -> d.get("attempt_count").asInt() == 1);

			String expected = "The endpoint did not answer with an HTTP response.";
			assertThat(delivery.get("last_error").asString()).isEqualTo(expected);
			assertThat(delivery.get("attempts").get(0).get("error").asString()).isEqualTo(expected);
			assertThat(delivery.toString()).doesNotContain("SSH", "db-primary", "Exception");
		}
	}

	@Test
	void aTestEndpointOnAClosedLocalPortLearnsOnlyThatTheConnectionWasRefused() throws Exception {
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String endpointId = this.merchant
			.subscribe(this.merchant.key(), "http://localhost:" + closedPort + "/hooks",
					List.of("verification_session.created"))
			.get("id")
			.asString();
		this.merchant.createSession(Map.of("type", "age"));

		JsonNode delivery = await().atMost(WAIT)
			.until(() -> this.merchant.deliveries(endpointId).get(0), (d) -> d.get("attempt_count").asInt() == 1);

		assertThat(delivery.get("last_error").asString()).isEqualTo("Connection refused.");
		assertThat(delivery.get("attempts").get(0).get("error").asString()).isEqualTo("Connection refused.");
	}

}
