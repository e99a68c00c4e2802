package dev.stile.fault;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.stile.support.TestOrganization;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races that a real deployment sees: a merchant or user cancelling while an attempt runs,
 * a client repeating a create in parallel, the expiry sweep meeting a last-second
 * attempt. Each session ends in exactly one legal state and its events say the same.
 */
@IntegrationTest
class ConcurrencyTests {

	static final String SESSIONS = "/v1/verification_sessions";

	static final String CLIENT = "/v1/client/session";

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationContext context;

	@AfterEach
	void backToRealTime() {
		this.clock.reset();
	}

	@Test
	void cancelAgainstAVerifyingAttemptEndsInExactlyOneOfThem() throws Exception {
		String key = TestOrganization.create(this.api).testSecretKey();
		int sessions = 16;
		List<JsonNode> created = new ArrayList<>();
		for (int i = 0; i < sessions; i++) {
			created.add(created(this.api.post(key, SESSIONS,
					Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("facial_age")))));
		}
		ExecutorService pool = Executors.newFixedThreadPool(8);
		Map<String, List<Future<Response>>> answers = new HashMap<>();
		try {
			for (int i = 0; i < sessions; i++) {
				JsonNode session = created.get(i);
				String id = session.get("id").asString();
				String secret = session.get("client_secret").asString();
				boolean byWidget = i % 2 == 1;
				CountDownLatch start = new CountDownLatch(1);
				Callable<Response> cancel = () -> {
					start.await();
					return byWidget ? this.api.call("POST", CLIENT + "/cancel").key(secret).send()
							: this.api.post(key, SESSIONS + "/" + id + "/cancel", null);
				};
				Callable<Response> attempt = () -> {
					start.await();
					return this.api.call("POST", CLIENT + "/attempts")
						.key(secret)
						.json(Map.of("method", "facial_age", "test_outcome", "verified"))
						.send();
				};
				answers.put(id, List.of(pool.submit(cancel), pool.submit(attempt)));
				start.countDown();
			}
			for (Map.Entry<String, List<Future<Response>>> entry : answers.entrySet()) {
				Response cancel = entry.getValue().get(0).get();
				Response attempt = entry.getValue().get(1).get();
				assertThat(cancel.status()).as(cancel.body()).isIn(200, 409);
				assertThat(attempt.status()).as(attempt.body()).isIn(200, 409);
				assertThat((cancel.status() == 200) ^ (attempt.status() == 200))
					.as("exactly one wins: cancel %s, attempt %s", cancel.body(), attempt.body())
					.isTrue();
				JsonNode session = created(
						this.api.get(key, SESSIONS + "/" + entry.getKey() + "?expand%5B%5D=results"));
				Map<String, Integer> events = eventCounts(key, entry.getKey());
				if (attempt.status() == 200) {
					assertThat(session.get("status").asString()).isEqualTo("verified");
					assertThat(session.get("cancelled_at").isNull()).isTrue();
					assertThat(session.get("results")).hasSize(1);
					assertThat(events).containsEntry("verification_session.verified", 1)
						.doesNotContainKey("verification_session.cancelled");
				}
				else {
					assertThat(session.get("status").asString()).isEqualTo("cancelled");
					assertThat(session.get("completed_at").isNull()).isTrue();
					assertThat(session.get("results")).isEmpty();
					assertThat(events).containsEntry("verification_session.cancelled", 1)
						.doesNotContainKey("verification_session.verified")
						.doesNotContainKey("verification_session.processing");
				}
				assertThat(events).containsEntry("verification_session.created", 1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void parallelIdenticalCreatesMakeOneSessionAndOneCreatedEventPerKey() throws Exception {
		TestOrganization organization = TestOrganization.create(this.api);
		String key = organization.testSecretKey();
		int keys = 6;
		int repeats = 6;
		ExecutorService pool = Executors.newFixedThreadPool(12);
		CountDownLatch start = new CountDownLatch(1);
		Map<String, List<Future<Response>>> answers = new HashMap<>();
		try {
			for (int k = 0; k < keys; k++) {
				String idempotencyKey = "parallel-" + k + "-" + System.nanoTime();
				List<Future<Response>> futures = new ArrayList<>();
				for (int r = 0; r < repeats; r++) {
					boolean inHeader = r % 2 == 0;
					futures.add(pool.submit(() -> {
						start.await();
						Map<String, Object> body = new HashMap<>(
								Map.of("type", "age", "jurisdiction", "US-CA", "client_reference_id", idempotencyKey));
						Api.Call call = this.api.call("POST", SESSIONS).key(key);
						if (inHeader) {
							call.header("Idempotency-Key", idempotencyKey);
						}
						else {
							body.put("idempotency_key", idempotencyKey);
						}
						return call.json(body).send();
					}));
				}
				answers.put(idempotencyKey, futures);
			}
			start.countDown();
			for (Map.Entry<String, List<Future<Response>>> entry : answers.entrySet()) {
				List<String> ids = new ArrayList<>();
				for (Future<Response> future : entry.getValue()) {
					Response response = future.get();
					assertThat(response.status()).as(response.body()).isEqualTo(200);
					ids.add(response.json().get("id").asString());
				}
				assertThat(ids).as(entry.getKey()).containsOnly(ids.get(0));
				assertThat(this.jdbc.queryForObject(
						"SELECT count(*) FROM verification_session WHERE organization_id = ? AND client_reference_id = ?",
						Integer.class, organization.id(), entry.getKey()))
					.isOne();
				assertThat(eventCounts(key, ids.get(0)))
					.containsExactlyEntriesOf(Map.of("verification_session.created", 1));
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theExpirySweepAgainstALastSecondAttemptEndsInExactlyOneOfThem() throws Exception {
		String key = TestOrganization.create(this.api).testSecretKey();
		int sessions = 12;
		List<JsonNode> created = new ArrayList<>();
		for (int i = 0; i < sessions; i++) {
			created.add(created(this.api.post(key, SESSIONS,
					Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("facial_age")))));
		}
		// The server's clock, not the machine's speed, decides which side of its expiry
		// each attempt falls.
		long[] expiries = created.stream().mapToLong((session) -> session.get("expires_at").asLong()).toArray();
		this.clock.set(Instant.ofEpochSecond(expiries[0]).minusSeconds(30));
		Object sweeper = this.context.getBean(Class.forName("dev.stile.session.ExpirySweeper"));
		AtomicBoolean sweeping = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(6);
		Map<Integer, Response> answers = new ConcurrentHashMap<>();
		try {
			CountDownLatch sweeperRunning = new CountDownLatch(1);
			Future<Integer> sweeps = pool.submit(() -> {
				int runs = 0;
				while (sweeping.get()) {
					ReflectionTestUtils.invokeMethod(sweeper, "sweep");
					runs++;
					sweeperRunning.countDown();
				}
				return runs;
			});
			sweeperRunning.await();
			// A third before the expiry, with the sweeper running: all must be verified.
			answers.putAll(attemptAtOnce(pool, created, 0, 4));
			// A third at the moment the clock passes the expiry: either outcome, but one.
			this.clock.set(Instant.ofEpochSecond(expiries[4]).minusMillis(200));
			CyclicBarrier atExpiry = new CyclicBarrier(5);
			Future<?> tick = pool.submit(() -> {
				atExpiry.await();
				this.clock.set(Instant.ofEpochSecond(expiries[7] + 2));
				return null;
			});
			answers.putAll(attemptAtOnce(pool, created, 4, 8, atExpiry));
			tick.get();
			this.clock.set(Instant.ofEpochSecond(expiries[sessions - 1] + 2));
			// A third after the expiry: all must be refused, as the sweep expires them.
			answers.putAll(attemptAtOnce(pool, created, 8, 12));
			sweeping.set(false);
			assertThat(sweeps.get()).isPositive();
			ReflectionTestUtils.invokeMethod(sweeper, "sweep");
			int verified = 0;
			for (int i = 0; i < sessions; i++) {
				String id = created.get(i).get("id").asString();
				Response attempt = answers.get(i);
				assertThat(attempt.status()).as(attempt.body()).isIn(200, 409);
				JsonNode session = created(this.api.get(key, SESSIONS + "/" + id));
				String stored = this.jdbc.queryForObject("SELECT lower(status) FROM verification_session WHERE id = ?",
						String.class, id);
				Map<String, Integer> events = eventCounts(key, id);
				if (attempt.status() == 200) {
					verified++;
					assertThat(i).as("an attempt after the expiry was verified").isLessThan(8);
					assertThat(session.get("status").asString()).isEqualTo("verified");
					assertThat(stored).isEqualTo("verified");
					assertThat(session.get("completed_at").asLong()).isLessThanOrEqualTo(expiries[i] + 1);
					assertThat(events).containsEntry("verification_session.verified", 1)
						.doesNotContainKey("verification_session.expired");
				}
				else {
					assertThat(i).as("an attempt before the expiry was refused").isGreaterThanOrEqualTo(4);
					assertThat(attempt.error().get("code").asString()).isIn("session_not_open", "concurrent_update");
					assertThat(session.get("status").asString()).isEqualTo("expired");
					assertThat(stored).isEqualTo("expired");
					assertThat(events).containsEntry("verification_session.expired", 1)
						.doesNotContainKey("verification_session.verified");
				}
			}
			assertThat(verified).as("the attempts before the expiry, and any that won the race").isBetween(4, 8);
		}
		finally {
			sweeping.set(false);
			pool.shutdownNow();
		}
	}

	/** Sends a verifying attempt for sessions {@code from} to {@code to}, all at once. */
	private Map<Integer, Response> attemptAtOnce(ExecutorService pool, List<JsonNode> sessions, int from, int to,
			CyclicBarrier... withOthers) throws Exception {
		CyclicBarrier start = (withOthers.length > 0) ? withOthers[0] : new CyclicBarrier(to - from);
		Map<Integer, Future<Response>> attempts = new HashMap<>();
		for (int i = from; i < to; i++) {
			String secret = sessions.get(i).get("client_secret").asString();
			attempts.put(i, pool.submit(() -> {
				start.await();
				return this.api.call("POST", CLIENT + "/attempts")
					.key(secret)
					.json(Map.of("method", "facial_age", "test_outcome", "verified"))
					.send();
			}));
		}
		Map<Integer, Response> answers = new HashMap<>();
		for (Map.Entry<Integer, Future<Response>> attempt : attempts.entrySet()) {
			answers.put(attempt.getKey(), attempt.getValue().get());
		}
		return answers;
	}

	private Map<String, Integer> eventCounts(String key, String sessionId) {
		Map<String, Integer> counts = new HashMap<>();
		created(this.api.get(key, "/v1/events?limit=100&session_id=" + sessionId)).get("data")
			.forEach((event) -> counts.merge(event.get("type").asString(), 1, Integer::sum));
		return counts;
	}

	private static JsonNode created(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

}
