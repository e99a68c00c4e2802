package dev.stile.person;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.Ids;
import dev.stile.api.ServerSecret;
import dev.stile.compliance.AgeTier;
import dev.stile.method.VerificationMethod;
import dev.stile.session.SessionVerified;
import dev.stile.session.VerifiedPersons;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records who has been verified and finds an earlier verification a new session may
 * reuse. A person is known only by keyed hashes of their email and phone; a credential
 * says which method proved what, for which organization, until when. Another organization
 * may rely on it only when the customer agreed and that organization accepts reuse.
 */
@Service
class VerifiedPersonService implements VerifiedPersons {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;

	private final Anchors anchors;

	private final ServerSecret secret;

	private final PersonProperties properties;

	private final Map<String, CodeSender> senders;

	VerifiedPersonService(JdbcTemplate jdbc, Anchors anchors, ServerSecret secret, PersonProperties properties,
			List<CodeSender> senders) {
		this.jdbc = jdbc;
		this.anchors = anchors;
		this.secret = secret;
		this.properties = properties;
		this.senders = senders.stream().collect(Collectors.toMap(CodeSender::channel, (sender) -> sender));
	}

	/** Records the verified person of a session verified with an email or phone. */
	@EventListener
	void onVerified(SessionVerified verified) {
		if (verified.reusedCredentialId() != null) {
			recordReuse(verified);
			return;
		}
		if ((verified.email() == null && verified.phone() == null) || verified.method() == null) {
			return;
		}
		String emailHash = this.anchors.email(verified.email());
		String phoneHash = this.anchors.phone(verified.phone());
		String personId = findPerson(verified.livemode(), emailHash, phoneHash).orElseGet(() -> {
			String id = Ids.newId("vp");
			this.jdbc.update(
					"INSERT INTO verified_person (id, livemode, email_hash, phone_hash, created_at) VALUES (?, ?, ?, ?, ?)",
					id, verified.livemode(), emailHash, phoneHash, Timestamp.from(verified.verifiedAt()));
			return id;
		});
		// A person first known by email may now give a phone too, and the other way
		// round.
		this.jdbc.update(
				"""
						UPDATE verified_person SET email_hash = coalesce(email_hash, ?), phone_hash = coalesce(phone_hash, ?)
						WHERE id = ? AND NOT EXISTS (SELECT 1 FROM verified_person other WHERE other.id <> ? AND other.livemode = ?
						    AND (other.email_hash = ? OR other.phone_hash = ?))
						""",
				emailHash, phoneHash, personId, personId, verified.livemode(), emailHash, phoneHash);
		this.jdbc.update(
				"""
						INSERT INTO verified_credential (id, person_id, organization_id, session_id, method, age_tier, jurisdiction,
						    shareable, verified_at, expires_at)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
						""",
				Ids.newId("vc"), personId, verified.organizationId(), verified.sessionId(), verified.method().apiName(),
				verified.ageTier(), verified.jurisdiction(), verified.shareable(),
				Timestamp.from(verified.verifiedAt()),
				Timestamp.from(verified.verifiedAt().plus(this.properties.credentialValidity())));
	}

	private void recordReuse(SessionVerified verified) {
		Credential source = credential(verified.reusedCredentialId()).orElse(null);
		if (source == null) {
			return;
		}
		this.jdbc.update("""
				INSERT INTO credential_reuse (id, accepting_organization_id, livemode, source_organization_id,
				    credential_id, session_id, method, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				""", Ids.newId("cru"), verified.organizationId(), verified.livemode(), source.organizationId(),
				source.id(), verified.sessionId(), source.method().apiName(), Timestamp.from(verified.verifiedAt()));
	}

	@Override
	public void shareCredentialsOf(String sessionId) {
		this.jdbc.update("UPDATE verified_credential SET shareable = true WHERE session_id = ?", sessionId);
	}

	@Override
	public Optional<Offer> find(Query query) {
		String emailHash = this.anchors.email(query.email());
		String phoneHash = this.anchors.phone(query.phone());
		countLookup(query.now(), emailHash, phoneHash);
		List<Credential> usable = usableCredentials(query.organizationId(), query.livemode(), emailHash, phoneHash,
				query.maxAgeDays(), query.jurisdiction(), query.now());
		Set<VerificationMethod> proven = EnumSet.noneOf(VerificationMethod.class);
		usable.forEach((credential) -> proven.add(credential.method()));
		if (!proven.containsAll(query.requiredMethods())) {
			return Optional.empty();
		}
		Optional<AgeTier> tier = AgeTier.fromApiName(query.ageTier());
		return usable.stream()
			.filter((credential) -> query.minStrength() == null
					|| credential.method().isAtLeastAsStrongAs(query.minStrength()))
			.filter((credential) -> tier.isEmpty() || AgeTier.fromApiName(credential.ageTier())
				.map((proved) -> proved.satisfies(tier.get()))
				.orElse(false))
			.max(Comparator.comparingInt((Credential credential) -> credential.method().strength())
				.thenComparing(Credential::verifiedAt))
			.map((credential) -> new Offer(credential.id(), credential.method(), credential.organizationId()));
	}

	/** The person's credentials {@code organizationId} may rely on, newest first. */
	List<Credential> usableCredentials(String organizationId, boolean livemode, String emailHash, String phoneHash,
			Integer maxAgeDays, String jurisdiction, Instant now) {
		Optional<String> person = findPerson(livemode, emailHash, phoneHash);
		if (person.isEmpty()) {
			return List.of();
		}
		ReuseSettings settings = settings(organizationId);
		List<Credential> usable = new ArrayList<>();
		for (Credential credential : credentials(person.get())) {
			if (!credential.expiresAt().isAfter(now)) {
				continue;
			}
			if (maxAgeDays != null && credential.verifiedAt().isBefore(now.minus(Duration.ofDays(maxAgeDays)))) {
				continue;
			}
			if (!credential.organizationId().equals(organizationId)
					&& !settings.accepts(credential, jurisdiction, now)) {
				continue;
			}
			usable.add(credential);
		}
		return usable;
	}

	Optional<String> findPerson(boolean livemode, String emailHash, String phoneHash) {
		List<String> ids = this.jdbc.queryForList("""
				SELECT id FROM verified_person WHERE livemode = ? AND (email_hash = ? OR phone_hash = ?)
				ORDER BY (email_hash = ?) DESC NULLS LAST, created_at LIMIT 1
				""", String.class, livemode, emailHash, phoneHash, emailHash);
		return ids.stream().findFirst();
	}

	List<Credential> credentials(String personId) {
		return this.jdbc.query(
				"""
						SELECT id, person_id, organization_id, method, age_tier, jurisdiction, shareable, verified_at, expires_at
						FROM verified_credential WHERE person_id = ? ORDER BY verified_at DESC
						""",
				(row, n) -> Credential.of(row), personId);
	}

	private Optional<Credential> credential(String id) {
		return this.jdbc
			.query("""
					SELECT id, person_id, organization_id, method, age_tier, jurisdiction, shareable, verified_at, expires_at
					FROM verified_credential WHERE id = ?
					""",
					(row, n) -> Credential.of(row), id)
			.stream()
			.findFirst();
	}

	ReuseSettings settings(String organizationId) {
		return this.jdbc.query(
				"SELECT accept_reuse, max_age_days, same_jurisdiction, accepted_methods FROM reuse_settings WHERE organization_id = ?",
				(row, n) -> ReuseSettings.of(row), organizationId)
			.stream()
			.findFirst()
			.orElse(ReuseSettings.DEFAULT);
	}

	/**
	 * Counts a lookup against each anchor's limit: 5 per email or phone per 15 minutes
	 * across all instances, so nobody can enumerate customers.
	 */
	void countLookup(Instant now, String... anchorHashes) {
		Timestamp since = Timestamp.from(now.minus(this.properties.lookupWindow()));
		for (String anchor : anchorHashes) {
			if (anchor == null) {
				continue;
			}
			this.jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))", anchor);
			Integer recent = this.jdbc.queryForObject(
					"SELECT count(*) FROM person_lookup WHERE anchor_hash = ? AND at > ?", Integer.class, anchor,
					since);
			if (recent != null && recent >= this.properties.lookupLimit()) {
				throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, ErrorType.RATE_LIMIT_ERROR,
						"accept_existing_rate_limited", "Too many lookups for this email or phone; try again in "
								+ this.properties.lookupWindow().toMinutes() + " minutes.",
						null);
			}
		}
		for (String anchor : anchorHashes) {
			if (anchor != null) {
				this.jdbc.update("INSERT INTO person_lookup (anchor_hash, at) VALUES (?, ?)", anchor,
						Timestamp.from(now));
			}
		}
	}

	@Override
	public void sendCode(String sessionId, String credentialId, String channel, String destination, boolean livemode,
			Instant now) {
		String code;
		if (livemode) {
			CodeSender sender = this.senders.get(channel);
			if (sender == null || !sender.available()) {
				throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "channel_unavailable",
						"This deployment cannot send codes by " + channel + ".", "channel");
			}
			code = String.format("%06d", RANDOM.nextInt(1_000_000));
			sender.send(destination, code);
		}
		else {
			// Test mode sends nothing: the documented test code is the code.
			code = this.properties.testCode();
		}
		this.jdbc.update("""
				INSERT INTO reuse_challenge (id, session_id, credential_id, channel, code_hash, expires_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				""", Ids.newId("rch"), sessionId, credentialId, channel, codeHash(sessionId, code),
				Timestamp.from(now.plus(this.properties.codeTimeToLive())), Timestamp.from(now));
	}

	/**
	 * Runs in its own transaction, so a wrong try counts even when the caller's work is
	 * undone.
	 */
	@Override
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public CodeCheck checkCode(String sessionId, String code, Instant now) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				SELECT id, credential_id, code_hash, attempts, expires_at, consumed_at FROM reuse_challenge
				WHERE session_id = ? ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE
				""", sessionId);
		if (rows.isEmpty()) {
			throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "code_not_sent",
					"Ask for a code first.", "code");
		}
		Map<String, Object> challenge = rows.get(0);
		int attempts = ((Number) challenge.get("attempts")).intValue();
		boolean expired = !((Timestamp) challenge.get("expires_at")).toInstant().isAfter(now);
		if (challenge.get("consumed_at") != null || expired || attempts >= this.properties.codeAttempts()) {
			return new CodeCheck(CodeCheck.Outcome.EXHAUSTED, 0, null);
		}
		boolean matches = MessageDigest.isEqual(((String) challenge.get("code_hash")).getBytes(),
				codeHash(sessionId, code).getBytes());
		if (matches) {
			this.jdbc.update("UPDATE reuse_challenge SET consumed_at = ? WHERE id = ?", Timestamp.from(now),
					challenge.get("id"));
			Credential credential = credential((String) challenge.get("credential_id")).orElse(null);
			if (credential == null) {
				// Erased since the code was sent: nothing left to reuse.
				return new CodeCheck(CodeCheck.Outcome.EXHAUSTED, 0, null);
			}
			return new CodeCheck(CodeCheck.Outcome.MATCHED, 0,
					new Offer(credential.id(), credential.method(), credential.organizationId()));
		}
		this.jdbc.update("UPDATE reuse_challenge SET attempts = attempts + 1 WHERE id = ?", challenge.get("id"));
		int left = this.properties.codeAttempts() - attempts - 1;
		return (left > 0) ? new CodeCheck(CodeCheck.Outcome.WRONG, left, null)
				: new CodeCheck(CodeCheck.Outcome.EXHAUSTED, 0, null);
	}

	private String codeHash(String sessionId, String code) {
		return this.secret.hash("reuse-code", sessionId + ":" + code);
	}

	/**
	 * One stored proof.
	 */
	record Credential(String id, String personId, String organizationId, VerificationMethod method, String ageTier,
			String jurisdiction, boolean shareable, Instant verifiedAt, Instant expiresAt) {

		static Credential of(java.sql.ResultSet row) throws java.sql.SQLException {
			return new Credential(row.getString("id"), row.getString("person_id"), row.getString("organization_id"),
					VerificationMethod.fromApiName(row.getString("method")).orElseThrow(), row.getString("age_tier"),
					row.getString("jurisdiction"), row.getBoolean("shareable"),
					row.getTimestamp("verified_at").toInstant(), row.getTimestamp("expires_at").toInstant());
		}

	}

}
