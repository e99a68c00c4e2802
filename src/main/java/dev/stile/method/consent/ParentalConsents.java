package dev.stile.method.consent;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.Ids;
import dev.stile.api.ServerSecret;
import dev.stile.api.TooManyRequestsException;
import dev.stile.method.VerificationMethod;
import dev.stile.session.LinkedSessions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Parental consent requests: the mail with its link, the parent's own age check, the
 * decision, its expiry and its withdrawal. The link carries a random token of 256 bits
 * kept only as a keyed hash; it consents or declines once within its lifetime and then
 * can only withdraw a consent given.
 */
@Service
public class ParentalConsents {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Duration DAY = Duration.ofDays(1);

	private final JdbcTemplate jdbc;

	private final ServerSecret secret;

	private final ObjectProvider<JavaMailSender> mail;

	private final LinkedSessions sessions;

	private final ConsentProperties properties;

	private final Clock clock;

	ParentalConsents(JdbcTemplate jdbc, ServerSecret secret, ObjectProvider<JavaMailSender> mail,
			LinkedSessions sessions, ConsentProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.secret = secret;
		this.mail = mail;
		this.sessions = sessions;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Whether consent mails can be sent: SMTP and the server's public address are set.
	 */
	boolean available() {
		return this.mail.getIfAvailable() != null && this.properties.baseUrl() != null;
	}

	/**
	 * Mails a consent link to the parent; an earlier pending request of the session stops
	 * working.
	 * @throws ApiException 400 for an address that is not one, 409
	 * {@code method_unavailable} without SMTP or a public address, 429
	 * {@code too_many_consent_requests}
	 */
	@Transactional
	public void request(String sessionId, String parentEmail) {
		String address = address(parentEmail);
		if (!available()) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "method_unavailable",
					"parental_consent needs a mail server (spring.mail.host) and stile.consent.base-url on this deployment.",
					"method");
		}
		LinkedSessions.MinorSession minor = this.sessions.minor(sessionId).orElseThrow();
		String parentHash = this.secret.hash("email", address);
		Instant now = now();
		this.jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", "consent-session:" + sessionId);
		this.jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", "consent-parent:" + parentHash);
		Integer bySession = this.jdbc.queryForObject("SELECT count(*) FROM parental_consent WHERE session_id = ?",
				Integer.class, sessionId);
		if (bySession != null && bySession >= this.properties.mailsPerSession()) {
			throw new TooManyRequestsException("too_many_consent_requests", "This session has sent "
					+ this.properties.mailsPerSession() + " consent requests, the most it may.", "parent_email", null);
		}
		List<Timestamp> blocking = this.jdbc.queryForList("""
				SELECT created_at FROM parental_consent WHERE livemode = ? AND parent_hash = ? AND created_at > ?
				ORDER BY created_at DESC OFFSET ? LIMIT 1
				""", Timestamp.class, minor.livemode(), parentHash, Timestamp.from(now.minus(DAY)),
				this.properties.mailsPerParent() - 1);
		if (!blocking.isEmpty()) {
			throw new TooManyRequestsException("too_many_consent_requests",
					"This address has been sent " + this.properties.mailsPerParent()
							+ " consent requests in the last 24 hours; try again later.",
					"parent_email", Duration.between(now, blocking.get(0).toInstant().plus(DAY)));
		}
		this.jdbc.update("UPDATE parental_consent SET status = 'replaced' WHERE session_id = ? AND status = 'pending'",
				sessionId);
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		this.jdbc.update("""
				INSERT INTO parental_consent (id, session_id, livemode, parent_hash, token_hash, status, expires_at,
				    created_at)
				VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
				""", Ids.newId("pc"), sessionId, minor.livemode(), parentHash, tokenHash(token),
				Timestamp.from(now.plus(this.properties.linkTimeToLive())), Timestamp.from(now));
		send(address, minor, token);
	}

	private void send(String address, LinkedSessions.MinorSession minor, String token) {
		String merchant = merchant(minor.organizationId());
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.properties.mailFrom());
		message.setTo(address);
		message.setSubject(merchant + " asks for your consent");
		// Nothing of the minor beyond the merchant and the use case.
		message.setText(merchant + " asks a parent or guardian to consent"
				+ ((minor.useCase() != null) ? " (" + minor.useCase() + ")" : "") + ": " + minor.userMessage()
				+ "\n\nOpen this link to prove that you are an adult and to consent or decline. It works for "
				+ this.properties.linkTimeToLive().toHours() + " hours:\n\n" + this.properties.baseUrl() + "/consent/"
				+ token
				+ "\n\nKeep this mail: the same link withdraws a consent you gave. If you do not know why you received it, ignore it.");
		try {
			this.mail.getObject().send(message);
		}
		catch (MailException ex) {
			throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorType.API_ERROR, "mail_unavailable",
					"The consent request could not be mailed; try again later.", null);
		}
	}

	/**
	 * The state of a link, as its page shows it; a request whose time is up expires here,
	 * failing the minor's attempt.
	 * @throws ApiException 404 for a link that is not one
	 */
	@Transactional
	public ConsentView view(String token) {
		return toView(current(token, false));
	}

	/** The state of the session's newest consent request, if it made one. */
	@Transactional
	public Optional<String> statusOfSession(String sessionId) {
		List<String> tokens = this.jdbc.queryForList(
				"SELECT id FROM parental_consent WHERE session_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
				String.class, sessionId);
		if (tokens.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(expireIfDue(row("id = ?", tokens.get(0), true)).status());
	}

	/**
	 * Creates, or finds again, the parent's own age check.
	 * @return the hosted page of the parent's session, its client secret in the fragment
	 * @throws ApiException 409 {@code consent_not_pending} once decided or expired
	 */
	@Transactional
	public String parentSession(String token) {
		Row row = pending(token);
		String id = row.parentSessionId();
		if (id != null) {
			// A new check each time: the client secret of the earlier one was never kept.
			this.jdbc.update("UPDATE parental_consent SET parent_session_id = NULL WHERE id = ?", row.id());
		}
		LinkedSessions.ParentSession parent = this.sessions.createParentSession(row.sessionId(), null);
		this.jdbc.update("UPDATE parental_consent SET parent_session_id = ? WHERE id = ?", parent.id(), row.id());
		return "/verify/" + parent.id() + "#cs=" + parent.clientSecret();
	}

	/**
	 * The parent consents, once their own check verified them an adult.
	 * @throws ApiException 409 {@code parent_not_verified}, {@code consent_not_pending}
	 * or {@code session_not_open}
	 */
	@Transactional
	public ConsentView consent(String token) {
		Row row = pending(token);
		VerificationMethod method = (row.parentSessionId() != null)
				? this.sessions.parentVerifiedBy(row.parentSessionId(), row.sessionId()).orElse(null) : null;
		if (method == null) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "parent_not_verified",
					"Prove that you are an adult first, with an identity document or a digital ID.", null);
		}
		if (!this.sessions.consented(row.sessionId(), method)) {
			throw sessionNotOpen();
		}
		this.jdbc.update(
				"UPDATE parental_consent SET status = 'consented', parent_verified_by = ?, decided_at = ? WHERE id = ?",
				method.apiName(), Timestamp.from(now()), row.id());
		return view(token);
	}

	/** The parent declines: the minor's {@code parental_consent} attempt fails. */
	@Transactional
	public ConsentView decline(String token) {
		Row row = pending(token);
		this.jdbc.update("UPDATE parental_consent SET status = 'declined', decided_at = ? WHERE id = ?",
				Timestamp.from(now()), row.id());
		this.sessions.refused(row.sessionId(), "consent_declined", "The parent or guardian declined.");
		return view(token);
	}

	/**
	 * The parent withdraws a consent given: the merchant hears of it by the
	 * {@code verification_session.consent_withdrawn} event.
	 * @throws ApiException 409 {@code consent_not_given}
	 */
	@Transactional
	public ConsentView withdraw(String token) {
		Row row = current(token, true);
		if (!"consented".equals(row.status())) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "consent_not_given",
					"Only a consent that was given can be withdrawn; this one is " + row.status() + ".", null);
		}
		this.jdbc.update("UPDATE parental_consent SET status = 'withdrawn' WHERE id = ?", row.id());
		this.sessions.consentWithdrawn(row.sessionId());
		return view(token);
	}

	/**
	 * Expires the pending requests whose time is up, failing their minors' attempts.
	 * @return how many expired
	 */
	@Transactional
	public int expireDue() {
		List<String> due = this.jdbc.queryForList(
				"SELECT id FROM parental_consent WHERE status = 'pending' AND expires_at <= ? LIMIT 100 FOR UPDATE SKIP LOCKED",
				String.class, Timestamp.from(now()));
		due.forEach((id) -> expireIfDue(row("id = ?", id, true)));
		return due.size();
	}

	private Row pending(String token) {
		Row row = current(token, true);
		if (!"pending".equals(row.status())) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "consent_not_pending",
					"This consent request is " + row.status() + " and can no longer be decided.", null);
		}
		if (!this.sessions.minor(row.sessionId()).map(LinkedSessions.MinorSession::awaitingConsent).orElse(false)) {
			throw sessionNotOpen();
		}
		return row;
	}

	private Row current(String token, boolean forUpdate) {
		if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
			throw notFound();
		}
		return expireIfDue(row("token_hash = ?", tokenHash(token), forUpdate));
	}

	private Row expireIfDue(Row row) {
		if ("pending".equals(row.status()) && !row.expiresAt().isAfter(now())) {
			this.jdbc.update("UPDATE parental_consent SET status = 'expired' WHERE id = ?", row.id());
			this.sessions.refused(row.sessionId(), "consent_expired", "The parent or guardian did not answer in time.");
			return new Row(row.id(), row.sessionId(), "expired", row.parentSessionId(), row.parentVerifiedBy(),
					row.expiresAt());
		}
		return row;
	}

	private Row row(String where, String value, boolean forUpdate) {
		List<Row> rows = this.jdbc.query(
				"SELECT id, session_id, status, parent_session_id, parent_verified_by, expires_at FROM parental_consent WHERE "
						+ where + (forUpdate ? " FOR UPDATE" : ""),
				(rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
						rs.getTimestamp(6).toInstant()),
				value);
		if (rows.isEmpty()) {
			throw notFound();
		}
		return rows.get(0);
	}

	private ConsentView toView(Row row) {
		LinkedSessions.MinorSession minor = this.sessions.minor(row.sessionId()).orElseThrow();
		boolean parentVerified = row.parentSessionId() != null
				&& this.sessions.parentVerifiedBy(row.parentSessionId(), row.sessionId()).isPresent();
		return new ConsentView(row.status(), merchant(minor.organizationId()), minor.useCase(), minor.userMessage(),
				parentVerified, row.expiresAt().getEpochSecond(), minor.livemode());
	}

	private String merchant(String organizationId) {
		// The organization's display name; apikey offers no other reader of it.
		return this.jdbc.queryForObject("SELECT name FROM organization WHERE id = ?", String.class, organizationId);
	}

	private String tokenHash(String token) {
		return this.secret.hash("consent-link", token);
	}

	private static ApiException notFound() {
		return new ApiException(HttpStatus.NOT_FOUND, ErrorType.INVALID_REQUEST_ERROR, "consent_link_invalid",
				"This consent link is not valid.", null);
	}

	private static ApiException sessionNotOpen() {
		return new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "session_not_open",
				"The request this link answers has ended.", null);
	}

	static String address(String email) {
		if (email == null) {
			throw ApiException.missing("parent_email");
		}
		String address = email.trim().toLowerCase(Locale.ROOT);
		int at = address.lastIndexOf('@');
		if (address.length() > 254 || at < 1 || address.indexOf('@') != at
				|| !address.substring(0, at).matches("[^\\s\"(),:;<>\\[\\\\\\]]+") || !address.substring(at + 1)
					.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
			throw ApiException.invalid("parent_email", "parent_email must be an email address.");
		}
		return address;
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private record Row(String id, String sessionId, String status, String parentSessionId, String parentVerifiedBy,
			Instant expiresAt) {
	}

	/**
	 * A consent request as its page shows it: what asks, for what, and where it stands.
	 *
	 * @param status {@code pending}, {@code consented}, {@code declined},
	 * {@code expired}, {@code withdrawn} or {@code replaced}
	 * @param merchant the organization that asks
	 * @param useCase its use case, or {@code null}
	 * @param userMessage what the check is for
	 * @param parentVerified whether the parent's own check verified them an adult
	 * @param expiresAt when the link stops deciding, in Unix seconds
	 * @param livemode whether this is live
	 */
	public record ConsentView(String status, String merchant, String useCase, String userMessage,
			boolean parentVerified, long expiresAt, boolean livemode) {
	}

}
