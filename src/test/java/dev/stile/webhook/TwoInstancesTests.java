package dev.stile.webhook;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.stile.StileApplication;
import dev.stile.ops.ServerProcess;
import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server instances on one database share the deliveries: each instance delivers, yet each
 * event is answered once; and the delivery of an instance killed in the middle of it is
 * taken over by another once its lease passes.
 *
 * <p>
 * Which instance may claim a delivery is steered with the clocks: a dispatcher whose
 * clock is an hour behind sees no new delivery as due.
 */
@IntegrationTest
class TwoInstancesTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Autowired
	Api api;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TestClock clock;

	private Merchant merchant;

	private Receiver receiver;

	@BeforeEach
	void setUp() {
		this.merchant = Merchant.create(this.api);
		this.receiver = Receiver.start();
	}

	@AfterEach
	void tearDown() {
		this.clock.reset();
		this.merchant.unsubscribeAll();
		this.receiver.close();
	}

	@Test
	void eachInstanceDeliversYetEachEventIsAnsweredOnce() throws Exception {
		TestClock secondClock = new TestClock();
		try (ConfigurableApplicationContext second = startSecondInstance(secondClock)) {
			String endpoint = this.merchant.subscribe(this.receiver.url()).get("id").asString();
			Merchant onSecond = this.merchant.on(Api.on((WebServerApplicationContext) second));

			// Only the second instance can deliver these: a dead second dispatcher fails
			// here.
			this.clock.rewind(Duration.ofHours(1));
			List<String> sessions = new ArrayList<>(createSessions(onSecond, 3));
			await().atMost(WAIT).until(() -> this.receiver.requests().size() == 3);
			// Only the first can deliver these.
			this.clock.reset();
			secondClock.rewind(Duration.ofHours(1));
			sessions.addAll(createSessions(this.merchant, 3));
			await().atMost(WAIT).until(() -> this.receiver.requests().size() == 6);
			// Both compete for these.
			secondClock.reset();
			sessions.addAll(createSessions(this.merchant, 10));
			sessions.addAll(createSessions(onSecond, 10));

			await().atMost(WAIT).until(() -> deliveredRows(endpoint) == sessions.size());
			// One more event, delivered after all the others: a second sending of any of
			// them, by two dispatchers claiming one row, has had its time to arrive.
			String last = this.merchant.createSession(Map.of("type", "age")).get("id").asString();
			await().atMost(WAIT).until(() -> this.receiver.eventsOf(last, "verification_session.created").size() == 1);
			sessions.add(last);

			Map<String, Long> perSession = this.receiver.requests()
				.stream()
				.collect(Collectors.groupingBy(
						(request) -> request.event().get("data").get("object").get("id").asString(),
						Collectors.counting()));
			assertThat(perSession.keySet()).containsExactlyInAnyOrderElementsOf(sessions);
			assertThat(perSession.values()).containsOnly(1L);
			assertThat(deliveredRows(endpoint)).isEqualTo(sessions.size());
		}
	}

	@Test
	void theDeliveryOfAnInstanceKilledMidDeliveryIsTakenOverAndAnsweredOnce() throws Exception {
		String endpoint = this.merchant.subscribe(this.receiver.holding().url()).get("id").asString();
		try (ServerProcess second = ServerProcess.start(database())) {
			// The first instance sees nothing due, so the second claims the delivery and
			// sends it; the receiver holds the request unanswered.
			this.clock.rewind(Duration.ofHours(1));
			String session = this.merchant.on(Api.on(second.port()))
				.createSession(Map.of("type", "age"))
				.get("id")
				.asString();
			await().atMost(WAIT).until(() -> this.receiver.requests().size() == 1);
			String event = this.receiver.requests().get(0).event().get("id").asString();

			second.kill();
			Map<String, Object> claimed = this.jdbc.queryForMap(
					"SELECT status, attempt_count, leased_until > now() AS leased FROM webhook_delivery WHERE event_id = ?",
					event);
			assertThat(claimed).containsEntry("status", "PENDING")
				.containsEntry("attempt_count", 0)
				.containsEntry("leased", true);

			// The first instance, past the dead one's lease (stile.webhooks.lease, 2m),
			// takes the delivery over.
			this.receiver.release();
			this.clock.reset();
			this.clock.advance(Duration.ofMinutes(3));
			await().atMost(WAIT).until(() -> "delivered".equals(delivery(endpoint).get("status").asString()));
			String last = this.merchant.createSession(Map.of("type", "age")).get("id").asString();
			await().atMost(WAIT).until(() -> this.receiver.eventsOf(last, "verification_session.created").size() == 1);

			// Two requests: the one cut off by the kill, never answered, and the
			// takeover.
			assertThat(this.receiver.eventsOf(session, "verification_session.created")).hasSize(2)
				.allMatch((request) -> request.event().get("id").asString().equals(event));
			assertThat(this.jdbc.queryForObject(
					"SELECT count(*) FROM webhook_delivery WHERE event_id = ? AND status = 'DELIVERED' AND attempt_count = 1",
					Integer.class, event))
				.isEqualTo(1);
		}
	}

	private List<String> createSessions(Merchant merchant, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(merchant.createSession(Map.of("type", "age")).get("id").asString());
		}
		return ids;
	}

	private int deliveredRows(String endpoint) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND status = 'DELIVERED'", Integer.class,
				endpoint);
	}

	private JsonNode delivery(String endpoint) {
		JsonNode deliveries = this.merchant.deliveries(endpoint);
		assertThat(deliveries.size()).isEqualTo(1);
		return deliveries.get(0);
	}

	/** The shared test server's database, for an instance beside it. */
	private String[] database() throws SQLException {
		HikariDataSource database = this.dataSource.unwrap(HikariDataSource.class);
		return new String[] { "spring.datasource.url=" + database.getJdbcUrl(),
				"spring.datasource.username=" + database.getUsername(),
				"spring.datasource.password=" + ((database.getPassword() != null) ? database.getPassword() : "") };
	}

	private ConfigurableApplicationContext startSecondInstance(TestClock clock) throws SQLException {
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--management.server.port=0", "--spring.main.banner-mode=off"));
		for (String setting : database()) {
			args.add("--" + setting);
		}
		return new SpringApplicationBuilder(StileApplication.class).profiles("test")
			.initializers((context) -> context.getBeanFactory().registerSingleton("clock", clock))
			.run(args.toArray(String[]::new));
	}

}
