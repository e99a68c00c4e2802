package dev.stile.person;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.Ids;
import dev.stile.api.ServerSecret;
import dev.stile.api.TooManyRequestsException;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * One-time codes that prove a customer holds an email or phone, with the accounting every
 * purpose shares so that a code cannot be guessed: wrong codes count per session and per
 * email or phone across every send and purpose (at most
 * {@code stile.persons.code-attempts} within {@code code-window}, then a lockout that
 * doubles each time and refuses even the right code), sends are limited per session and
 * per email or phone a day, and only the newest code of a session and purpose works.
 * Counts are kept in PostgreSQL, so every instance shares them.
 */
@Component
public class OneTimeCodes {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Duration DAY = Duration.ofDays(1);

	private final JdbcTemplate jdbc;

	private final ServerSecret secret;

	private final PersonProperties properties;

	OneTimeCodes(JdbcTemplate jdbc, ServerSecret secret, PersonProperties properties) {
		this.jdbc = jdbc;
		this.secret = secret;
		this.properties = properties;
	}

	/**
	 * Issues a new code, which replaces the session's earlier code for this purpose, and
	 * answers it for the caller to deliver (in test mode the documented test code, which
	 * is never delivered). Runs in the caller's transaction: a delivery that fails undoes
	 * the send.
	 * @param anchorHash the keyed hash of the email or phone the code goes to
	 * @param subject what a match unlocks for this purpose, handed back by {@link #check}
	 * @throws TooManyRequestsException {@code too_many_attempts} while the session or the
	 * email or phone is locked out, {@code too_many_codes} past a send limit
	 */
	public String issue(Purpose purpose, String sessionId, boolean livemode, String channel, String anchorHash,
			String subject, Instant now) {
		return issue(purpose, sessionId, livemode, channel, anchorHash, subject, now, null);
	}

	/**
	 * Issues a new code as
	 * {@link #issue(Purpose, String, boolean, String, String, String, Instant)} does,
	 * within a further limit on this purpose's codes to one email or phone.
	 * @param purposeLimit at most this many codes of this purpose to the email or phone
	 * within its window, or {@code null} for none
	 * @throws TooManyRequestsException {@code too_many_codes} past that limit too
	 */
	public String issue(Purpose purpose, String sessionId, boolean livemode, String channel, String anchorHash,
			String subject, Instant now, SendLimit purposeLimit) {
		String sessionScope = sessionScope(sessionId);
		String anchorScope = anchorScope(livemode, anchorHash);
		lock(sessionScope, anchorScope);
		Duration locked = lockedFor(now, sessionScope, anchorScope);
		if (locked != null) {
			throw tooManyAttempts("channel", locked);
		}
		Integer sent = this.jdbc.queryForObject("SELECT count(*) FROM one_time_code WHERE session_id = ?",
				Integer.class, sessionId);
		if (sent != null && sent >= this.properties.codesPerSession()) {
			throw new TooManyRequestsException("too_many_codes", "This session has been sent "
					+ this.properties.codesPerSession() + " codes, the most it may; use the last one.", "channel",
					null);
		}
		// The send that has to leave the day's window before another is allowed.
		List<Timestamp> blocking = this.jdbc.queryForList("""
				SELECT created_at FROM one_time_code WHERE livemode = ? AND anchor_hash = ? AND created_at > ?
				ORDER BY created_at DESC OFFSET ? LIMIT 1
				""", Timestamp.class, livemode, anchorHash, Timestamp.from(now.minus(DAY)),
				this.properties.codesPerAnchor() - 1);
		if (!blocking.isEmpty()) {
			throw new TooManyRequestsException("too_many_codes",
					"This " + channel + " has been sent " + this.properties.codesPerAnchor()
							+ " codes in the last 24 hours; try again later.",
					"channel", Duration.between(now, blocking.get(0).toInstant().plus(DAY)));
		}
		if (purposeLimit != null) {
			List<Timestamp> blockingOfPurpose = this.jdbc.queryForList("""
					SELECT created_at FROM one_time_code
					WHERE livemode = ? AND anchor_hash = ? AND purpose = ? AND created_at > ?
					ORDER BY created_at DESC OFFSET ? LIMIT 1
					""", Timestamp.class, livemode, anchorHash, purpose.name(),
					Timestamp.from(now.minus(purposeLimit.window())), purposeLimit.codes() - 1);
			if (!blockingOfPurpose.isEmpty()) {
				throw new TooManyRequestsException("too_many_codes",
						"This " + channel + " has been sent " + purposeLimit.codes() + " codes in the last "
								+ purposeLimit.window().toMinutes() + " minutes; try again later.",
						"channel",
						Duration.between(now, blockingOfPurpose.get(0).toInstant().plus(purposeLimit.window())));
			}
		}
		String code = livemode ? String.format("%06d", RANDOM.nextInt(1_000_000)) : this.properties.testCode();
		this.jdbc.update(
				"UPDATE one_time_code SET used_at = ? WHERE session_id = ? AND purpose = ? AND used_at IS NULL",
				Timestamp.from(now), sessionId, purpose.name());
		String id = Ids.newId("otc");
		this.jdbc.update("""
				INSERT INTO one_time_code (id, purpose, session_id, livemode, channel, anchor_hash, subject, code_hash,
				    expires_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				""", id, purpose.name(), sessionId, livemode, channel, anchorHash, subject, codeHash(id, code),
				Timestamp.from(now.plus(this.properties.codeTimeToLive())), Timestamp.from(now));
		return code;
	}

	/**
	 * Checks a code against the session's newest code for this purpose. Runs in its own
	 * transaction, so a wrong code counts even when the caller's work is undone.
	 * @throws ApiException 409 {@code code_not_sent} when no code was sent
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public Check check(Purpose purpose, String sessionId, String code, Instant now) {
		String sessionScope = sessionScope(sessionId);
		// The session first and the email or phone second, as issue does: no deadlock.
		lock(sessionScope);
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				SELECT id, livemode, channel, anchor_hash, subject, code_hash, expires_at, used_at FROM one_time_code
				WHERE session_id = ? AND purpose = ? ORDER BY created_at DESC, id DESC LIMIT 1
				""", sessionId, purpose.name());
		if (rows.isEmpty()) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "code_not_sent",
					"Ask for a code first.", "code");
		}
		Map<String, Object> sent = rows.get(0);
		String id = (String) sent.get("id");
		String anchorHash = (String) sent.get("anchor_hash");
		boolean livemode = (Boolean) sent.get("livemode");
		String anchorScope = anchorScope(livemode, anchorHash);
		lock(anchorScope);
		Duration locked = lockedFor(now, sessionScope, anchorScope);
		if (locked != null) {
			return Check.locked(locked);
		}
		if (sent.get("used_at") != null) {
			return Check.exhausted();
		}
		if (!((Timestamp) sent.get("expires_at")).toInstant().isAfter(now)) {
			return new Check(Check.Outcome.EXPIRED, 0, null, null, null);
		}
		if (MessageDigest.isEqual(((String) sent.get("code_hash")).getBytes(), codeHash(id, code).getBytes())) {
			this.jdbc.update("UPDATE one_time_code SET used_at = ? WHERE id = ?", Timestamp.from(now), id);
			this.jdbc.update("DELETE FROM one_time_code_failure WHERE scope IN (?, ?)", sessionScope, anchorScope);
			return new Check(Check.Outcome.MATCHED, 0, (String) sent.get("subject"),
					new Proof(livemode, (String) sent.get("channel"), anchorHash), null);
		}
		Timestamp at = Timestamp.from(now);
		// Wrong codes older than the window count for nothing: they go, so the table
		// stays
		// as small as the attempts being made.
		this.jdbc.update("DELETE FROM one_time_code_failure WHERE scope IN (?, ?) AND at <= ?", sessionScope,
				anchorScope, Timestamp.from(now.minus(this.properties.codeWindow())));
		this.jdbc.update("INSERT INTO one_time_code_failure (scope, at) VALUES (?, ?), (?, ?)", sessionScope, at,
				anchorScope, at);
		int bySession = failures(sessionScope, now);
		int byAnchor = failures(anchorScope, now);
		int allowed = this.properties.codeAttempts();
		Duration anchorLockout = (byAnchor >= allowed) ? lockOut(anchorScope, now) : null;
		if (bySession >= allowed) {
			lockOut(sessionScope, now);
			return Check.exhausted();
		}
		if (anchorLockout != null) {
			return Check.locked(anchorLockout);
		}
		return new Check(Check.Outcome.WRONG, allowed - Math.max(bySession, byAnchor), null, null, null);
	}

	/** The refusal of a send or check while locked out. */
	public static TooManyRequestsException tooManyAttempts(String param, Duration retryAfter) {
		return new TooManyRequestsException("too_many_attempts",
				"Too many wrong codes for this session or this email or phone; try again after "
						+ Math.max(1, retryAfter.toMinutes()) + " minutes.",
				param, retryAfter);
	}

	private int failures(String scope, Instant now) {
		Integer count = this.jdbc.queryForObject("""
				SELECT count(*) FROM one_time_code_failure f WHERE f.scope = ? AND f.at > ?
				    AND f.at > coalesce((SELECT l.locked_until FROM one_time_code_lockout l WHERE l.scope = f.scope),
				        '-infinity'::timestamptz)
				""", Integer.class, scope, Timestamp.from(now.minus(this.properties.codeWindow())));
		return (count != null) ? count : 0;
	}

	/** Locks {@code scope} out, twice as long as last time if that was within a day. */
	private Duration lockOut(String scope, Instant now) {
		List<Map<String, Object>> previous = this.jdbc
			.queryForList("SELECT locked_until, lockouts FROM one_time_code_lockout WHERE scope = ?", scope);
		int lockouts = 1;
		if (!previous.isEmpty()
				&& ((Timestamp) previous.get(0).get("locked_until")).toInstant().plus(DAY).isAfter(now)) {
			lockouts = ((Number) previous.get(0).get("lockouts")).intValue() + 1;
		}
		Duration duration = this.properties.maxLockout();
		if (lockouts <= 20) {
			Duration doubled = this.properties.lockout().multipliedBy(1L << (lockouts - 1));
			duration = (doubled.compareTo(duration) < 0) ? doubled : duration;
		}
		this.jdbc.update("""
				INSERT INTO one_time_code_lockout (scope, locked_until, lockouts) VALUES (?, ?, ?)
				ON CONFLICT (scope) DO UPDATE SET locked_until = EXCLUDED.locked_until, lockouts = EXCLUDED.lockouts
				""", scope, Timestamp.from(now.plus(duration)), lockouts);
		return duration;
	}

	private Duration lockedFor(Instant now, String... scopes) {
		Timestamp until = this.jdbc.queryForObject(
				"SELECT max(locked_until) FROM one_time_code_lockout WHERE scope = ANY (?) AND locked_until > ?",
				Timestamp.class, scopes, Timestamp.from(now));
		return (until != null) ? Duration.between(now, until.toInstant()) : null;
	}

	private void lock(String... scopes) {
		for (String scope : scopes) {
			this.jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", scope);
		}
	}

	private String codeHash(String id, String code) {
		return this.secret.hash("one-time-code", id + ":" + code);
	}

	private static String sessionScope(String sessionId) {
		return "session:" + sessionId;
	}

	private static String anchorScope(boolean livemode, String anchorHash) {
		return "anchor:" + (livemode ? "live:" : "test:") + anchorHash;
	}

	/**
	 * What a code is for. Each purpose has its own newest code per session; all share the
	 * limits.
	 */
	public enum Purpose {

		/** Reuse of an earlier verification. */
		REUSE,
		/** Proof of an academic email address, for the {@code student} method. */
		STUDENT

	}

	/**
	 * A limit on the codes of one purpose to one email or phone.
	 *
	 * @param codes codes allowed within {@code window}
	 * @param window the window
	 */
	public record SendLimit(int codes, Duration window) {

		public SendLimit {
			if (codes < 1 || window == null || window.isNegative() || window.isZero()) {
				throw new IllegalArgumentException("A send limit needs at least one code and a positive window");
			}
		}

	}

	/**
	 * An email or phone the customer proved with a code.
	 *
	 * @param livemode the mode of the session
	 * @param channel {@code email} or {@code phone}
	 * @param anchorHash its keyed hash
	 */
	public record Proof(boolean livemode, String channel, String anchorHash) {
	}

	/**
	 * The verdict on a code.
	 *
	 * @param outcome how the check ended
	 * @param attemptsLeft wrong codes still allowed, after a wrong code
	 * @param subject what the code unlocks, when it matched
	 * @param proof the email or phone proven, when it matched
	 * @param retryAfter how long the lockout lasts, when locked
	 */
	public record Check(Outcome outcome, int attemptsLeft, String subject, Proof proof, Duration retryAfter) {

		static Check exhausted() {
			return new Check(Outcome.EXHAUSTED, 0, null, null, null);
		}

		static Check locked(Duration retryAfter) {
			return new Check(Outcome.LOCKED, 0, null, null, retryAfter);
		}

		/** How a check ends. */
		public enum Outcome {

			/** The code matched: the email or phone is proven. */
			MATCHED,
			/** A wrong code, with tries left. */
			WRONG,
			/**
			 * The session's tries are used up, or its code was used: the purpose gives up
			 * on the code.
			 */
			EXHAUSTED,
			/** The newest code outlived its time to live: a new one must be sent. */
			EXPIRED,
			/** The session or the email or phone is locked out; try again later. */
			LOCKED

		}

	}

}
