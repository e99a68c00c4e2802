package dev.stile.person;

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
import dev.stile.compliance.AgeTier;
import dev.stile.method.VerificationMethod;
import dev.stile.session.SessionVerified;
import dev.stile.session.VerifiedPersons;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Records who has been verified and finds an earlier verification a new session may
 * reuse. A person is known only by keyed hashes of their email and phone; a credential
 * says which method proved what, for which organization, until when. Each organization
 * has its own person for an email or phone: naming an address joins nobody else's
 * records. Another organization's credential is reachable only through an email or phone
 * the customer proved with a one-time code, when the customer agreed to share it and the
 * relying organization accepts reuse.
 */
@Service
class VerifiedPersonService implements VerifiedPersons {

	private final JdbcTemplate jdbc;

	private final Anchors anchors;

	private final OneTimeCodes codes;

	private final PersonProperties properties;

	private final Map<String, CodeSender> senders;

	VerifiedPersonService(JdbcTemplate jdbc, Anchors anchors, OneTimeCodes codes, PersonProperties properties,
			List<CodeSender> senders) {
		this.jdbc = jdbc;
		this.anchors = anchors;
		this.codes = codes;
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
		String personId = personOf(verified.organizationId(), verified.livemode(), this.anchors.email(verified.email()),
				this.anchors.phone(verified.phone()), verified.verifiedAt());
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

	/**
	 * The organization's person with this email or phone, created when there is none.
	 * Within one organization an email and a phone named together join one person.
	 */
	private String personOf(String organizationId, boolean livemode, String emailHash, String phoneHash, Instant now) {
		String personId = ownPerson(organizationId, livemode, emailHash, phoneHash).orElseGet(() -> {
			String id = Ids.newId("vp");
			this.jdbc.update("""
					INSERT INTO verified_person (id, organization_id, livemode, email_hash, phone_hash, created_at)
					VALUES (?, ?, ?, ?, ?, ?)
					""", id, organizationId, livemode, emailHash, phoneHash, Timestamp.from(now));
			return id;
		});
		// A person first known by email may now give a phone too, and the other way
		// round.
		this.jdbc.update(
				"""
						UPDATE verified_person SET email_hash = coalesce(email_hash, ?), phone_hash = coalesce(phone_hash, ?)
						WHERE id = ? AND NOT EXISTS (SELECT 1 FROM verified_person other WHERE other.id <> ?
						    AND other.organization_id = ? AND other.livemode = ? AND (other.email_hash = ? OR other.phone_hash = ?))
						""",
				emailHash, phoneHash, personId, personId, organizationId, livemode, emailHash, phoneHash);
		return personId;
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

	/**
	 * {@inheritDoc} Other organizations' credentials may be offered before any proof: the
	 * code the customer must then type is the proof.
	 */
	@Override
	public Optional<Offer> find(Query query) {
		String emailHash = this.anchors.email(query.email());
		String phoneHash = this.anchors.phone(query.phone());
		countLookup(query.organizationId(), query.livemode(), query.now(), emailHash, phoneHash);
		List<Credential> usable = usableCredentials(query.organizationId(), query.livemode(), emailHash, phoneHash,
				hashes(emailHash, phoneHash), query.maxAgeDays(), query.jurisdiction(), query.now());
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

	/**
	 * The credentials {@code organizationId} may rely on, newest first: its own person's,
	 * found by email or phone, and other organizations' shared ones, found only by
	 * {@code sharedHashes}.
	 */
	List<Credential> usableCredentials(String organizationId, boolean livemode, String emailHash, String phoneHash,
			List<String> sharedHashes, Integer maxAgeDays, String jurisdiction, Instant now) {
		List<Credential> candidates = new ArrayList<>();
		ownPerson(organizationId, livemode, emailHash, phoneHash)
			.ifPresent((person) -> candidates.addAll(credentials(person)));
		if (!sharedHashes.isEmpty()) {
			candidates.addAll(this.jdbc.query("""
					SELECT c.id, c.person_id, c.organization_id, c.method, c.age_tier, c.jurisdiction, c.shareable,
					    c.verified_at, c.expires_at
					FROM verified_person p JOIN verified_credential c ON c.person_id = p.id
					WHERE p.livemode = ? AND p.organization_id <> ? AND c.shareable
					    AND (p.email_hash = ANY (?) OR p.phone_hash = ANY (?))
					""", (row, n) -> Credential.of(row), livemode, organizationId, sharedHashes.toArray(String[]::new),
					sharedHashes.toArray(String[]::new)));
		}
		candidates.sort(Comparator.comparing(Credential::verifiedAt).reversed());
		ReuseSettings settings = settings(organizationId);
		List<Credential> usable = new ArrayList<>();
		for (Credential credential : candidates) {
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

	/** The organization's own person with this email or phone. */
	Optional<String> ownPerson(String organizationId, boolean livemode, String emailHash, String phoneHash) {
		List<String> ids = this.jdbc.queryForList("""
				SELECT id FROM verified_person WHERE organization_id = ? AND livemode = ?
				    AND (email_hash = ? OR phone_hash = ?)
				ORDER BY (email_hash = ?) DESC NULLS LAST, created_at LIMIT 1
				""", String.class, organizationId, livemode, emailHash, phoneHash, emailHash);
		return ids.stream().findFirst();
	}

	/**
	 * Which of these hashes the customer proved to {@code organizationId}, proven after
	 * {@code since} ({@code null} for ever).
	 */
	List<String> provenHashes(String organizationId, boolean livemode, List<String> hashes, Instant since) {
		if (hashes.isEmpty()) {
			return List.of();
		}
		return this.jdbc.queryForList("""
				SELECT anchor_hash FROM anchor_proof WHERE organization_id = ? AND livemode = ?
				    AND anchor_hash = ANY (?) AND proven_at > ?
				""", String.class, organizationId, livemode, hashes.toArray(String[]::new),
				Timestamp.from((since != null) ? since : Instant.EPOCH));
	}

	static List<String> hashes(String... hashes) {
		return java.util.Arrays.stream(hashes).filter(java.util.Objects::nonNull).toList();
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
	 * Counts a lookup against each anchor's limit: 5 per organization, mode and email or
	 * phone per 15 minutes across all instances, so nobody can enumerate customers, and
	 * nobody (not even a test key) can use up another organization's or mode's lookups.
	 */
	void countLookup(String organizationId, boolean livemode, Instant now, String... anchorHashes) {
		Timestamp since = Timestamp.from(now.minus(this.properties.lookupWindow()));
		for (String anchor : anchorHashes) {
			if (anchor == null) {
				continue;
			}
			this.jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtext(?))",
					"lookup:" + organizationId + ":" + livemode + ":" + anchor);
			Integer recent = this.jdbc.queryForObject("""
					SELECT count(*) FROM person_lookup WHERE organization_id = ? AND livemode = ? AND anchor_hash = ?
					    AND at > ?
					""", Integer.class, organizationId, livemode, anchor, since);
			if (recent != null && recent >= this.properties.lookupLimit()) {
				throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, ErrorType.RATE_LIMIT_ERROR,
						"accept_existing_rate_limited", "Too many lookups for this email or phone; try again in "
								+ this.properties.lookupWindow().toMinutes() + " minutes.",
						null);
			}
		}
		for (String anchor : anchorHashes) {
			if (anchor != null) {
				this.jdbc.update(
						"INSERT INTO person_lookup (organization_id, livemode, anchor_hash, at) VALUES (?, ?, ?, ?)",
						organizationId, livemode, anchor, Timestamp.from(now));
			}
		}
	}

	@Override
	public void sendCode(String sessionId, String credentialId, String channel, String destination, boolean livemode,
			Instant now) {
		CodeSender sender = null;
		if (livemode) {
			sender = this.senders.get(channel);
			if (sender == null || !sender.available()) {
				throw new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "channel_unavailable",
						"This deployment cannot send codes by " + channel + ".", "channel");
			}
		}
		String anchorHash = "email".equals(channel) ? this.anchors.email(destination) : this.anchors.phone(destination);
		String code = this.codes.issue(OneTimeCodes.Purpose.REUSE, sessionId, livemode, channel, anchorHash,
				credentialId, now);
		// Test mode sends nothing: the documented test code is the code.
		if (sender != null) {
			sender.send(destination, code);
		}
	}

	/**
	 * A match also proves the email or phone to the session's organization, whose lookups
	 * may from then on show other organizations' shared credentials for it. The code
	 * itself is checked in a transaction of its own, so a wrong try counts even when the
	 * caller's work is undone.
	 */
	@Override
	public CodeCheck checkCode(String organizationId, String sessionId, String code, Instant now) {
		OneTimeCodes.Check check = this.codes.check(OneTimeCodes.Purpose.REUSE, sessionId, code, now);
		return switch (check.outcome()) {
			case WRONG -> new CodeCheck(CodeCheck.Outcome.WRONG, check.attemptsLeft(), null, null);
			case LOCKED -> new CodeCheck(CodeCheck.Outcome.LOCKED, 0, null, check.retryAfter());
			case EXHAUSTED, EXPIRED -> new CodeCheck(CodeCheck.Outcome.EXHAUSTED, 0, null, null);
			case MATCHED -> matched(organizationId, sessionId, check, now);
		};
	}

	private CodeCheck matched(String organizationId, String sessionId, OneTimeCodes.Check check, Instant now) {
		OneTimeCodes.Proof proof = check.proof();
		this.jdbc.update("""
				INSERT INTO anchor_proof (organization_id, livemode, anchor_hash, session_id, proven_at)
				VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (organization_id, livemode, anchor_hash)
				DO UPDATE SET session_id = EXCLUDED.session_id, proven_at = EXCLUDED.proven_at
				""", organizationId, proof.livemode(), proof.anchorHash(), sessionId, Timestamp.from(now));
		boolean email = "email".equals(proof.channel());
		personOf(organizationId, proof.livemode(), email ? proof.anchorHash() : null, email ? null : proof.anchorHash(),
				now);
		Credential credential = credential(check.subject()).orElse(null);
		// Erased since the code was sent, or another organization's credential that was
		// found through the other of email and phone: the code proves nothing about it.
		if (credential == null || (!credential.organizationId().equals(organizationId)
				&& !personHas(credential.personId(), proof.anchorHash()))) {
			return new CodeCheck(CodeCheck.Outcome.EXHAUSTED, 0, null, null);
		}
		return new CodeCheck(CodeCheck.Outcome.MATCHED, 0,
				new Offer(credential.id(), credential.method(), credential.organizationId()), null);
	}

	private boolean personHas(String personId, String anchorHash) {
		Integer found = this.jdbc.queryForObject(
				"SELECT count(*) FROM verified_person WHERE id = ? AND (email_hash = ? OR phone_hash = ?)",
				Integer.class, personId, anchorHash, anchorHash);
		return found != null && found > 0;
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
