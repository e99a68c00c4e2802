package dev.stile.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stile.support.TestOrganization;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections cut by the database ({@code pg_terminate_backend}) while session creates
 * run: every acknowledged create exists, every failure is a 503 in the error envelope,
 * and a retry with the same idempotency key returns the same session, never a second one.
 */
@IntegrationTest
class ConnectionTerminationTests {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionTerminationTests.class);

	static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void acknowledgedCreatesSurviveTerminatedConnectionsAndRetriesNeverDuplicate() throws Exception {
		TestOrganization organization = TestOrganization.create(this.api);
		// Fast machines make well over a thousand creates here; the per-key limit is not
		// what this test is about.
		String key = organization.testSecretKeyAllowing(1_000_000);
		Map<String, Response> firstAnswers = new ConcurrentHashMap<>();
		// Writers run until a termination has cut at least one create in flight (and a
		// little after), or a generous deadline passes.
		AtomicBoolean writing = new AtomicBoolean(true);
		AtomicInteger answeredInARow = new AtomicInteger();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<?>> writers = new ArrayList<>();
		int terminated = 0;
		try {
			for (int t = 0; t < 4; t++) {
				int writer = t;
				writers.add(pool.submit(() -> {
					for (int n = 0; writing.get(); n++) {
						String idempotencyKey = "terminate-" + writer + "-" + n;
						Response answer = create(key, idempotencyKey);
						firstAnswers.put(idempotencyKey, answer);
						if (answer.status() == 200) {
							answeredInARow.incrementAndGet();
						}
						else {
							answeredInARow.set(0);
						}
					}
					return null;
				}));
			}
			int rounds = 0;
			while (rounds < 6 || (cutInFlight(firstAnswers) == 0 && System.nanoTime() < deadline)) {
				Thread.sleep(250);
				rounds++;
				terminated += this.jdbc
					.queryForList(
							"""
									SELECT pg_terminate_backend(pid) FROM pg_stat_activity
									WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'
									""")
					.size();
			}
			// The writers go on until the pool has replaced the connections cut last: the
			// checks below must not meet a connection that is already dead.
			answeredInARow.set(0);
			await().atMost(Duration.ofSeconds(30)).until(() -> answeredInARow.get() >= 40);
			writing.set(false);
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			writing.set(false);
			pool.shutdownNow();
		}

		Map<Integer, Integer> byStatus = new TreeMap<>();
		Map<String, String> acknowledged = new TreeMap<>();
		firstAnswers.forEach((idempotencyKey, response) -> {
			byStatus.merge(response.status(), 1, Integer::sum);
			if (response.status() == 200) {
				acknowledged.put(idempotencyKey, response.json().get("id").asString());
			}
			else {
				JsonNode error = FaultAssertions.assertServerErrorEnvelope(response.status(),
						response.header("Content-Type"), response.body());
				// A cut connection is the database being unavailable: retry, never a bug.
				assertThat(response.status()).as(response.body()).isEqualTo(503);
				assertThat(error.get("code").asString()).isEqualTo("service_unavailable");
				assertThat(response.header("Retry-After")).isNotNull();
			}
		});
		logger.info("pg_terminate_backend: {} connections cut under {} creates; first answers by status {}", terminated,
				firstAnswers.size(), byStatus);
		assertThat(terminated).isPositive();
		// Without a create cut in flight, nothing below would prove that a cut create is
		// either acknowledged or cleanly refused and then safely retried.
		assertThat(byStatus).as("creates answered 503 because their connection was cut").containsKey(503);
		acknowledged.forEach((idempotencyKey, id) -> {
			Response retrieved = this.api.get(key, SESSIONS + "/" + id);
			assertThat(retrieved.status()).as(id).isEqualTo(200);
		});
		for (String idempotencyKey : firstAnswers.keySet()) {
			Response retried = create(key, idempotencyKey);
			assertThat(retried.status()).as(idempotencyKey + " " + retried.body()).isEqualTo(200);
			String id = retried.json().get("id").asString();
			if (acknowledged.containsKey(idempotencyKey)) {
				assertThat(id).isEqualTo(acknowledged.get(idempotencyKey));
			}
		}
		Integer rows = this.jdbc.queryForObject("SELECT count(*) FROM verification_session WHERE organization_id = ?",
				Integer.class, organization.id());
		Integer distinctReferences = this.jdbc.queryForObject(
				"SELECT count(DISTINCT client_reference_id) FROM verification_session WHERE organization_id = ?",
				Integer.class, organization.id());
		assertThat(rows).isEqualTo(firstAnswers.size());
		assertThat(distinctReferences).isEqualTo(firstAnswers.size());
	}

	private static long cutInFlight(Map<String, Response> answers) {
		return answers.values().stream().filter((response) -> response.status() == 503).count();
	}

	private Response create(String key, String idempotencyKey) {
		return this.api.call("POST", SESSIONS)
			.key(key)
			.header("Idempotency-Key", idempotencyKey)
			.json(Map.of("type", "age", "jurisdiction", "US-CA", "client_reference_id", idempotencyKey))
			.send();
	}

}
