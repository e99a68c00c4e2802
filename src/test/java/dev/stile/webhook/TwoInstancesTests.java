package dev.stile.webhook;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.stile.StileApplication;
import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A second server instance on the same database: both dispatch, yet each event reaches
 * the receiver once; and an instance stopped mid-retry loses nothing.
 */
@IntegrationTest
class TwoInstancesTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	Api api;

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TestClock clock;

	@Autowired
	WebhookDispatcher dispatcher;

	private Merchant merchant;

	private Receiver receiver;

	private ConfigurableApplicationContext second;

	@BeforeEach
	void setUp() throws SQLException {
		this.merchant = Merchant.create(this.api);
		this.receiver = Receiver.start();
		this.second = startSecondInstance();
	}

	@AfterEach
	void tearDown() {
		if (this.second != null) {
			this.second.close();
		}
		this.merchant.unsubscribeAll();
		this.receiver.close();
		this.clock.reset();
	}

	private ConfigurableApplicationContext startSecondInstance() throws SQLException {
		HikariDataSource database = this.dataSource.unwrap(HikariDataSource.class);
		// Command-line arguments, so that they win over application.yaml's port settings.
		return new SpringApplicationBuilder(StileApplication.class).profiles("test")
			.run("--spring.datasource.url=" + database.getJdbcUrl(),
					"--spring.datasource.username=" + database.getUsername(),
					"--spring.datasource.password=" + ((database.getPassword() != null) ? database.getPassword() : ""),
					"--server.port=0", "--management.server.port=0", "--spring.main.banner-mode=off");
	}

	@Test
	void twoInstancesDeliverEachEventOnce() throws Exception {
		this.merchant.subscribe(this.receiver.url());
		assertThat(this.second.getBean(WebhookDispatcher.class)).isNotNull();

		for (int i = 0; i < 20; i++) {
			this.merchant.createSession(Map.of("type", "age", "skip_verification", true));
		}

		await().atMost(WAIT).until(() -> this.receiver.requests().size() >= 60);
		// Give a double sender the time to show itself.
		Thread.sleep(2000);
		Map<String, Long> perEvent = this.receiver.requests()
			.stream()
			.collect(Collectors.groupingBy((request) -> request.event().get("id").asString(), Collectors.counting()));
		assertThat(perEvent).hasSize(60);
		assertThat(perEvent.values()).containsOnly(1L);
		// Which instance wins a given delivery depends on timing, so the split is not
		// asserted;
		// with both polling one table, each event still reached the receiver exactly
		// once.
	}

	@Test
	void stoppingAnInstanceMidRetryLosesNothing() {
		this.receiver.answering((n) -> 500);
		String endpoint = this.merchant.subscribe(this.receiver.url()).get("id").asString();
		for (int i = 0; i < 5; i++) {
			this.merchant.createSession(Map.of("type", "age"));
		}
		await().atMost(WAIT)
			.until(() -> this.merchant.deliveries(endpoint)
				.valueStream()
				.filter((delivery) -> delivery.get("attempt_count").asInt() >= 1)
				.count() == 5);

		this.second.close();
		this.second = null;
		this.receiver.answering((n) -> 200);
		// The first instance's clock: past every retry's backoff and any lease the
		// stopped instance may have held.
		this.clock.advance(Duration.ofMinutes(10));

		await().atMost(WAIT)
			.until(() -> this.merchant.deliveries(endpoint)
				.valueStream()
				.allMatch((delivery) -> delivery.get("status").asString().equals("delivered")));
		List<String> delivered = this.merchant.deliveries(endpoint)
			.valueStream()
			.map((delivery) -> delivery.get("event").asString())
			.toList();
		assertThat(delivered).hasSize(5).doesNotHaveDuplicates();
		Map<String, Long> successes = this.receiver.requests()
			.stream()
			.skip(5)
			.collect(Collectors.groupingBy((request) -> request.event().get("id").asString(), Collectors.counting()));
		assertThat(successes.keySet()).containsExactlyInAnyOrderElementsOf(delivered);
		assertThat(successes.values()).allMatch((count) -> count == 1L);
	}

}
