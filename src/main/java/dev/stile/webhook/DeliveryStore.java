package dev.stile.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stile.api.ApiException;
import dev.stile.api.Ids;
import dev.stile.api.ListParameters;
import dev.stile.api.ServerSecret;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery queue in PostgreSQL. Dispatchers on any number of server instances claim
 * due deliveries with {@code FOR UPDATE SKIP LOCKED} and a lease: a claim holds until its
 * lease passes, so a crashed instance's deliveries come back to the others, and only the
 * claim's holder may record the outcome.
 */
@Component
class DeliveryStore {

	private final JdbcTemplate jdbc;

	private final ServerSecret secrets;

	DeliveryStore(JdbcTemplate jdbc, ServerSecret secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	/**
	 * Claims up to {@code limit} due deliveries of enabled endpoints, at most
	 * {@code perEndpoint} in flight per endpoint across all instances, so that one slow
	 * endpoint cannot take every slot.
	 */
	@Transactional
	List<Claim> claim(int limit, int perEndpoint, Instant now, Duration lease) {
		String token = Ids.randomToken(22);
		Timestamp at = Timestamp.from(now);
		// The window query picks fair candidates without locking; the middle query locks
		// them, skipping rows another dispatcher is claiming right now and re-checking
		// that
		// they are still due once locked.
		return this.jdbc.query(
				"""
						UPDATE webhook_delivery d
						SET leased_until = ?, claim_token = ?
						WHERE d.id IN (
						    SELECT l.id FROM webhook_delivery l
						    WHERE l.id IN (
						        SELECT c.id FROM (
						            SELECT q.id, q.next_attempt_at,
						                   row_number() OVER (PARTITION BY q.endpoint_id ORDER BY q.next_attempt_at, q.id) AS rank,
						                   (SELECT count(*) FROM webhook_delivery f
						                    WHERE f.endpoint_id = q.endpoint_id AND f.status = 'PENDING' AND f.leased_until > ?) AS in_flight
						            FROM webhook_delivery q
						            JOIN webhook_endpoint e ON e.id = q.endpoint_id AND e.status = 'ENABLED'
						            WHERE q.status = 'PENDING' AND q.next_attempt_at <= ?
						              AND (q.leased_until IS NULL OR q.leased_until <= ?)
						        ) c
						        WHERE c.rank + c.in_flight <= ?
						        ORDER BY c.next_attempt_at
						        LIMIT ?)
						      AND l.status = 'PENDING' AND l.next_attempt_at <= ? AND (l.leased_until IS NULL OR l.leased_until <= ?)
						    FOR UPDATE SKIP LOCKED)
						RETURNING d.id, d.event_id, d.endpoint_id, d.attempt_count, d.created_at, d.claim_token
						""",
				(rs, row) -> new Claim(rs.getString("id"), rs.getString("event_id"), rs.getString("endpoint_id"),
						rs.getInt("attempt_count"), rs.getTimestamp("created_at").toInstant(),
						rs.getString("claim_token")),
				Timestamp.from(now.plus(lease)), token, at, at, at, perEndpoint, limit, at, at);
	}

	/** What a claimed delivery is to send, or empty if the endpoint went away. */
	@Transactional(readOnly = true)
	Optional<Target> target(Claim claim) {
		List<Target> found = this.jdbc.query("""
				SELECT ev.id, ev.type, ev.livemode, ev.created_at, ev.data_object::text AS data_object,
				       we.url, we.secret, we.previous_secret, we.previous_secret_expires_at
				FROM webhook_delivery d
				JOIN event ev ON ev.id = d.event_id
				JOIN webhook_endpoint we ON we.id = d.endpoint_id
				WHERE d.id = ?
				""", (rs, row) -> {
			// Signing secrets are encrypted at rest; they are opened only to sign.
			List<String> secrets = new ArrayList<>(List.of(this.secrets.decrypt(rs.getString("secret"))));
			Timestamp previousExpires = rs.getTimestamp("previous_secret_expires_at");
			if (rs.getString("previous_secret") != null && previousExpires != null) {
				secrets.add(this.secrets.decrypt(rs.getString("previous_secret")));
			}
			EventView event = EventView.of(rs.getString("id"), rs.getString("type"), rs.getBoolean("livemode"),
					rs.getTimestamp("created_at").toInstant().getEpochSecond(), rs.getString("data_object"));
			return new Target(event, rs.getString("url"), secrets,
					(previousExpires != null) ? previousExpires.toInstant() : null);
		}, claim.id());
		return found.stream().findFirst();
	}

	/** Records a successful attempt: the delivery is done and the endpoint is healthy. */
	@Transactional
	void delivered(Claim claim, WebhookSender.Outcome outcome, Instant attemptedAt, Instant now) {
		if (!lockEndpoint(claim)) {
			return;
		}
		int updated = this.jdbc.update("""
				UPDATE webhook_delivery
				SET status = 'DELIVERED', attempt_count = attempt_count + 1, last_status_code = ?, last_error = NULL,
				    next_attempt_at = NULL, completed_at = ?, leased_until = NULL, claim_token = NULL
				WHERE id = ? AND claim_token = ?
				""", outcome.statusCode(), Timestamp.from(now), claim.id(), claim.token());
		recordAttempt(claim, outcome, attemptedAt);
		if (updated > 0) {
			this.jdbc.update(
					"UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL",
					claim.endpointId());
		}
	}

	/**
	 * Records a failed attempt.
	 * @param nextAttempt when to try again, or {@code null} to give up and mark the
	 * delivery failed
	 * @return since when the endpoint has been failing every attempt
	 */
	@Transactional
	Optional<Instant> failed(Claim claim, WebhookSender.Outcome outcome, Instant attemptedAt, Instant now,
			Instant nextAttempt) {
		if (!lockEndpoint(claim)) {
			return Optional.empty();
		}
		int updated = this.jdbc.update("""
				UPDATE webhook_delivery
				SET status = ?, attempt_count = attempt_count + 1, last_status_code = ?, last_error = ?,
				    next_attempt_at = ?, completed_at = ?, leased_until = NULL, claim_token = NULL
				WHERE id = ? AND claim_token = ?
				""", (nextAttempt != null) ? "PENDING" : "FAILED", outcome.statusCode(), outcome.error(),
				(nextAttempt != null) ? Timestamp.from(nextAttempt) : null,
				(nextAttempt != null) ? null : Timestamp.from(now), claim.id(), claim.token());
		recordAttempt(claim, outcome, attemptedAt);
		if (updated == 0) {
			return Optional.empty();
		}
		return this.jdbc.queryForList("""
				UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, ?)
				WHERE id = ? RETURNING failing_since
				""", Timestamp.class, Timestamp.from(attemptedAt), claim.endpointId())
			.stream()
			.findFirst()
			.map(Timestamp::toInstant);
	}

	/**
	 * Disables an endpoint that has failed for too long, unless it succeeded meanwhile.
	 * @return whether it was disabled now
	 */
	@Transactional
	boolean disable(String endpointId, Instant failingSince, String reason, Instant now) {
		// The version bump makes a concurrent API update of the endpoint retry rather
		// than
		// silently re-enable it.
		return this.jdbc.update("""
				UPDATE webhook_endpoint
				SET status = 'DISABLED', disabled_reason = ?, updated_at = ?, version = version + 1
				WHERE id = ? AND status = 'ENABLED' AND failing_since = ?
				""", reason, Timestamp.from(now), endpointId, Timestamp.from(failingSince)) > 0;
	}

	/**
	 * Locks the delivery's endpoint before its delivery, the order a delete takes them in
	 * (endpoint, then its deliveries by cascade), so that the two never deadlock.
	 * @return whether the endpoint still exists
	 */
	private boolean lockEndpoint(Claim claim) {
		return !this.jdbc
			.queryForList("SELECT id FROM webhook_endpoint WHERE id = ? FOR NO KEY UPDATE", String.class,
					claim.endpointId())
			.isEmpty();
	}

	private void recordAttempt(Claim claim, WebhookSender.Outcome outcome, Instant attemptedAt) {
		// The delivery may be gone with its endpoint; the attempt then has nothing to
		// belong to.
		this.jdbc.update("""
				INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, duration_ms, error)
				SELECT id, ?, ?, ?, ? FROM webhook_delivery WHERE id = ?
				""", Timestamp.from(attemptedAt), outcome.statusCode(),
				(int) Math.min(outcome.durationMs(), Integer.MAX_VALUE), outcome.error(), claim.id());
	}

	/**
	 * One page of the deliveries of an event or an endpoint the caller may see, newest
	 * first.
	 */
	@Transactional(readOnly = true)
	Page list(Scope scope, String ownerId, ListParameters page) {
		String column = (scope == Scope.EVENT) ? "d.event_id" : "d.endpoint_id";
		List<Object> args = new ArrayList<>();
		args.add(ownerId);
		String cursorClause = "";
		if (page.cursor() != null) {
			List<Timestamp> cursor = this.jdbc.queryForList(
					"SELECT created_at FROM webhook_delivery d WHERE d.id = ? AND " + column + " = ?", Timestamp.class,
					page.cursor(), ownerId);
			if (cursor.isEmpty()) {
				throw ApiException.invalid(page.cursorParam(), "No such webhook_delivery: '" + page.cursor() + "'");
			}
			cursorClause = page.backwards() ? " AND (d.created_at, d.id) > (?, ?)"
					: " AND (d.created_at, d.id) < (?, ?)";
			args.add(cursor.get(0));
			args.add(page.cursor());
		}
		args.add(page.limit() + 1);
		String order = page.backwards() ? "ASC" : "DESC";
		List<DeliveryView> found = this.jdbc.query("""
				SELECT d.id, d.event_id, ev.type, d.endpoint_id, d.status, d.attempt_count, d.next_attempt_at,
				       d.last_status_code, d.last_error, ev.livemode, d.created_at, d.completed_at
				FROM webhook_delivery d JOIN event ev ON ev.id = d.event_id
				WHERE %s = ?%s
				ORDER BY d.created_at %s, d.id %s
				LIMIT ?
				""".formatted(column, cursorClause, order, order), (rs, row) -> view(rs), args.toArray());
		boolean hasMore = found.size() > page.limit();
		List<DeliveryView> shown = new ArrayList<>(found.subList(0, Math.min(found.size(), page.limit())));
		if (page.backwards()) {
			Collections.reverse(shown);
		}
		return new Page(withAttempts(shown), hasMore);
	}

	private List<DeliveryView> withAttempts(List<DeliveryView> deliveries) {
		if (deliveries.isEmpty()) {
			return deliveries;
		}
		Map<String, List<DeliveryView.Attempt>> attempts = new LinkedHashMap<>();
		deliveries.forEach((delivery) -> attempts.put(delivery.id(), new ArrayList<>()));
		this.jdbc.query("""
				SELECT delivery_id, attempted_at, status_code, duration_ms, error FROM webhook_attempt
				WHERE delivery_id = ANY (?) ORDER BY id
				""", (ResultSet rs) -> {
			attempts.get(rs.getString("delivery_id"))
				.add(new DeliveryView.Attempt(rs.getTimestamp("attempted_at").toInstant().getEpochSecond(),
						(Integer) rs.getObject("status_code"), rs.getLong("duration_ms"), rs.getString("error")));
		}, (Object) attempts.keySet().toArray(String[]::new));
		return deliveries.stream()
			.map((d) -> new DeliveryView(d.id(), d.object(), d.event(), d.eventType(), d.webhookEndpoint(), d.status(),
					d.attemptCount(), d.nextAttemptAt(), d.lastStatusCode(), d.lastError(), d.livemode(), d.created(),
					d.completedAt(), List.copyOf(attempts.get(d.id()))))
			.toList();
	}

	private static DeliveryView view(ResultSet rs) throws SQLException {
		return new DeliveryView(rs.getString("id"), "webhook_delivery", rs.getString("event_id"), rs.getString("type"),
				rs.getString("endpoint_id"), rs.getString("status").toLowerCase(java.util.Locale.ROOT),
				rs.getInt("attempt_count"), seconds(rs.getTimestamp("next_attempt_at")),
				(Integer) rs.getObject("last_status_code"), rs.getString("last_error"), rs.getBoolean("livemode"),
				rs.getTimestamp("created_at").toInstant().getEpochSecond(), seconds(rs.getTimestamp("completed_at")),
				List.of());
	}

	private static Long seconds(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant().getEpochSecond() : null;
	}

	/** Whose deliveries a list shows. */
	enum Scope {

		EVENT, ENDPOINT

	}

	/** One page of deliveries. */
	record Page(List<DeliveryView> data, boolean hasMore) {
	}

	/** A delivery this dispatcher holds until {@code leased_until}. */
	record Claim(String id, String eventId, String endpointId, int attemptCount, Instant createdAt, String token) {
	}

	/**
	 * What to send and where.
	 *
	 * @param secrets the current secret and, unless {@code previousExpiresAt} has passed,
	 * the previous one
	 */
	record Target(EventView event, String url, List<String> secrets, Instant previousExpiresAt) {

		List<String> signingSecrets(Instant now) {
			if (this.secrets.size() > 1 && !this.previousExpiresAt.isAfter(now)) {
				return this.secrets.subList(0, 1);
			}
			return this.secrets;
		}

	}

}
