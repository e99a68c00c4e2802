package dev.stile.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stripe-style idempotent POSTs. The key is claimed with an insert in the same
 * transaction as the work it guards, so concurrent repeats queue behind the first on the
 * key's row and then replay its committed response: one object, never two. A failed
 * request leaves no key behind.
 */
@Component
public class Idempotency {

	/** The header a client sends its key in. */
	public static final String HEADER = "Idempotency-Key";

	/** The header marking a replayed response. */
	public static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final JsonMapper json;

	private final Clock clock;

	private final IdempotencyProperties properties;

	Idempotency(JdbcTemplate jdbc, TransactionTemplate transaction, JsonMapper json, Clock clock,
			IdempotencyProperties properties) {
		this.jdbc = jdbc;
		this.transaction = transaction;
		this.json = json;
		this.clock = clock;
		this.properties = properties;
	}

	/**
	 * Runs {@code work} once per key: with no key it simply runs; with a key it either
	 * runs and remembers the response, or replays the remembered one.
	 * @param organizationId the organization the key belongs to
	 * @param livemode the mode the key belongs to
	 * @param key the client's key, or {@code null}
	 * @param request what identifies the request (method, path and parameters); a repeat
	 * with other parameters is refused
	 * @param work the guarded operation; it runs inside the transaction that claims the
	 * key
	 */
	public ResponseEntity<?> run(String organizationId, boolean livemode, String key, Map<String, Object> request,
			Supplier<ResponseEntity<?>> work) {
		if (key == null) {
			return this.transaction.execute((status) -> work.get());
		}
		checkKey(key);
		byte[] hash = hash(request);
		return this.transaction.execute((status) -> {
			Instant now = this.clock.instant();
			Timestamp expiredBefore = Timestamp.from(now.minus(this.properties.timeToLive()));
			List<Map<String, Object>> claimed = this.jdbc.queryForList("""
					INSERT INTO idempotency_key (organization_id, livemode, key, request_hash, created_at)
					VALUES (?, ?, ?, ?, ?)
					ON CONFLICT (organization_id, livemode, key) DO UPDATE
					    SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
					        created_at = EXCLUDED.created_at
					    WHERE idempotency_key.created_at < ?
					RETURNING 1
					""", organizationId, livemode, key, hash, Timestamp.from(now), expiredBefore);
			if (!claimed.isEmpty()) {
				ResponseEntity<?> response = work.get();
				// Serialized once: the stored body is also the one sent, byte for byte
				// what
				// a replay answers.
				String body = this.json.writeValueAsString(response.getBody());
				this.jdbc.update(
						"UPDATE idempotency_key SET response_status = ?, response_body = ? WHERE organization_id = ? AND livemode = ? AND key = ?",
						response.getStatusCode().value(), body, organizationId, livemode, key);
				return ResponseEntity.status(response.getStatusCode())
					.headers(response.getHeaders())
					.contentType(MediaType.APPLICATION_JSON)
					.body(body);
			}
			return replay(organizationId, livemode, key, hash);
		});
	}

	private ResponseEntity<?> replay(String organizationId, boolean livemode, String key, byte[] hash) {
		Map<String, Object> row = this.jdbc.queryForMap(
				"SELECT request_hash, response_status, response_body FROM idempotency_key WHERE organization_id = ? AND livemode = ? AND key = ?",
				organizationId, livemode, key);
		if (!Arrays.equals((byte[]) row.get("request_hash"), hash)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, ErrorType.IDEMPOTENCY_ERROR, "idempotency_key_reused",
					"Keys for idempotent requests can only be used with the same parameters they were first used with. "
							+ "Try using a key other than '" + key + "' if you meant to execute a different request.",
					"idempotency_key");
		}
		return ResponseEntity.status((Integer) row.get("response_status"))
			.contentType(MediaType.APPLICATION_JSON)
			.header(REPLAYED_HEADER, "true")
			.body((String) row.get("response_body"));
	}

	/** Forgets keys older than their time to live. */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void purgeExpired() {
		this.jdbc.update("DELETE FROM idempotency_key WHERE created_at < ?",
				Timestamp.from(this.clock.instant().minus(this.properties.timeToLive())));
	}

	private static void checkKey(String key) {
		if (key.isBlank() || key.length() > 255) {
			throw ApiException.invalid("idempotency_key", "Idempotency keys must be 1 to 255 characters.");
		}
	}

	private byte[] hash(Map<String, Object> request) {
		try {
			return MessageDigest.getInstance("SHA-256")
				.digest(this.json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
