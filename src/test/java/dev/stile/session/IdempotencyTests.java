package dev.stile.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotent session creation through the body's {@code idempotency_key} and the
 * {@code Idempotency-Key} header.
 */
@IntegrationTest
class IdempotencyTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	Api api;

	@Autowired
	JdbcTemplate jdbc;

	private int sessionsWithReference(String reference) {
		return this.jdbc.queryForObject("SELECT count(*) FROM verification_session WHERE client_reference_id = ?",
				Integer.class, reference);
	}

	@Test
	void aRepeatWithTheBodyKeyReturnsTheExistingSession() {
		String reference = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("type", "age", "client_reference_id", reference, "idempotency_key",
				"order-" + reference);

		Response first = this.api.post(TEST_SECRET_KEY, SESSIONS, body);
		Response second = this.api.post(TEST_SECRET_KEY, SESSIONS, body);

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("Idempotent-Replayed")).isNull();
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(second.json()).isEqualTo(first.json());
		assertThat(sessionsWithReference(reference)).isEqualTo(1);
	}

	@Test
	void theHeaderAndTheBodyKeyAreTheSameKey() {
		String reference = UUID.randomUUID().toString();
		String key = "k-" + reference;
		Response first = this.api.call("POST", SESSIONS)
			.key(TEST_SECRET_KEY)
			.header("Idempotency-Key", key)
			.json(Map.of("type", "age", "client_reference_id", reference))
			.send();
		Response second = this.api.post(TEST_SECRET_KEY, SESSIONS,
				Map.of("type", "age", "client_reference_id", reference, "idempotency_key", key));

		assertThat(second.json().get("id")).isEqualTo(first.json().get("id"));
		assertThat(sessionsWithReference(reference)).isEqualTo(1);
	}

	@Test
	void aRepeatWithOtherParametersIsAnIdempotencyError() {
		String key = "k-" + UUID.randomUUID();
		this.api.post(TEST_SECRET_KEY, SESSIONS, Map.of("type", "age", "idempotency_key", key));

		Response other = this.api.post(TEST_SECRET_KEY, SESSIONS, Map.of("type", "identity", "idempotency_key", key));

		assertThat(other.status()).isEqualTo(400);
		assertThat(other.error().get("type").asString()).isEqualTo("idempotency_error");
		assertThat(other.error().get("param").asString()).isEqualTo("idempotency_key");
	}

	@Test
	void differingHeaderAndBodyKeysAreRefused() {
		Response response = this.api.call("POST", SESSIONS)
			.key(TEST_SECRET_KEY)
			.header("Idempotency-Key", "one")
			.json(Map.of("type", "age", "idempotency_key", "two"))
			.send();

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("idempotency_key");
	}

	@Test
	void aRefusedRequestDoesNotUseUpItsKey() {
		String key = "k-" + UUID.randomUUID();
		Response refused = this.api.post(TEST_SECRET_KEY, SESSIONS,
				Map.of("type", "age", "jurisdiction", "US-OR", "methods", List.of("mdl"), "idempotency_key", key));
		Response accepted = this.api.post(TEST_SECRET_KEY, SESSIONS, Map.of("type", "age", "jurisdiction", "US-OR",
				"methods", List.of("facial_age"), "idempotency_key", key));

		assertThat(refused.status()).isEqualTo(422);
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.header("Idempotent-Replayed")).isNull();
	}

	@Test
	void concurrentIdenticalRequestsCreateExactlyOneSession() throws Exception {
		String reference = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("type", "age", "use_case", "alcohol_delivery", "client_reference_id",
				reference, "idempotency_key", "race-" + reference);
		int callers = 16;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			List<Future<Response>> responses = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				responses.add(pool.submit(() -> {
					start.await();
					return this.api.post(TEST_SECRET_KEY, SESSIONS, body);
				}));
			}
			start.countDown();
			List<String> ids = new ArrayList<>();
			for (Future<Response> response : responses) {
				assertThat(response.get().status()).isEqualTo(200);
				ids.add(response.get().json().get("id").asString());
			}
			assertThat(ids).hasSize(callers).containsOnly(ids.get(0));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(sessionsWithReference(reference)).isEqualTo(1);
	}

	@Test
	void keysOfOneModeOrOrganizationDoNotCollideWithAnother() {
		String key = "shared-" + UUID.randomUUID();
		Response a = this.api.post(TEST_SECRET_KEY, SESSIONS, Map.of("type", "age", "idempotency_key", key));
		String otherOrganizationKey = TestOrganization.create(this.api).testSecretKey();
		Response b = this.api.post(otherOrganizationKey, SESSIONS, Map.of("type", "age", "idempotency_key", key));

		assertThat(b.status()).isEqualTo(200);
		assertThat(b.header("Idempotent-Replayed")).isNull();
		assertThat(b.json().get("id")).isNotEqualTo(a.json().get("id"));
	}

	@Test
	void cancelAcceptsAnIdempotencyKeyAndReplaysItsAnswer() {
		String id = this.api.createSession(Map.of("type", "age")).get("id").asString();
		String key = "cancel-" + id;

		Response first = this.api.call("POST", SESSIONS + "/" + id + "/cancel")
			.key(TEST_SECRET_KEY)
			.header("Idempotency-Key", key)
			.send();
		Response second = this.api.call("POST", SESSIONS + "/" + id + "/cancel")
			.key(TEST_SECRET_KEY)
			.header("Idempotency-Key", key)
			.send();

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(second.json().get("status").asString()).isEqualTo("cancelled");
	}

}
