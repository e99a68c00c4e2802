package dev.stile.person;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.stile.api.ApiException;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.method.VerificationMethod;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organization-facing side of verified persons: lookup, erasure, settings, reuse
 * records.
 */
@Service
class PersonAdministration {

	private final VerifiedPersonService persons;

	private final Anchors anchors;

	private final JdbcTemplate jdbc;

	PersonAdministration(VerifiedPersonService persons, Anchors anchors, JdbcTemplate jdbc) {
		this.persons = persons;
		this.anchors = anchors;
		this.jdbc = jdbc;
	}

	/**
	 * What the caller may know of the person with this email or phone. Nothing is
	 * revealed when nothing matches that the caller may rely on: the answer is the same
	 * as for a stranger.
	 */
	@Transactional
	PersonController.LookupResponse lookup(ApiKeyPrincipal caller, String email, String phone,
			VerificationMethod minStrength, Integer maxAgeDays, Set<VerificationMethod> requiredMethods, Instant now) {
		String emailHash = this.anchors.email(email);
		String phoneHash = this.anchors.phone(phone);
		this.persons.countLookup(now, emailHash, phoneHash);
		List<VerifiedPersonService.Credential> usable = this.persons
			.usableCredentials(caller.organizationId(), caller.livemode(), emailHash, phoneHash, maxAgeDays, null, now)
			.stream()
			.filter((credential) -> minStrength == null || credential.method().isAtLeastAsStrongAs(minStrength))
			.toList();
		Set<VerificationMethod> proven = EnumSet.noneOf(VerificationMethod.class);
		usable.forEach((credential) -> proven.add(credential.method()));
		if (usable.isEmpty() || !proven.containsAll(requiredMethods)) {
			return new PersonController.LookupResponse("verified_person_lookup", false, null, List.of());
		}
		return new PersonController.LookupResponse("verified_person_lookup", true, usable.get(0).personId(),
				usable.stream().map((credential) -> CredentialView.of(credential, caller.organizationId())).toList());
	}

	/**
	 * Erases a person and every credential, at once: no reuse afterwards. Any
	 * organization that verified the person may ask, on the customer's behalf.
	 */
	@Transactional
	void erase(ApiKeyPrincipal caller, String personId) {
		Integer known = this.jdbc.queryForObject("""
				SELECT count(*) FROM verified_person p JOIN verified_credential c ON c.person_id = p.id
				WHERE p.id = ? AND p.livemode = ? AND c.organization_id = ?
				""", Integer.class, personId, caller.livemode(), caller.organizationId());
		if (known == null || known == 0) {
			throw ApiException.notFound("verified_person", personId, "id");
		}
		this.jdbc.update("DELETE FROM verified_person WHERE id = ?", personId);
	}

	@Transactional
	void saveSettings(String organizationId, ReuseSettings settings, Instant now) {
		String methods = (settings.acceptedMethods() != null)
				? String.join(",", settings.acceptedMethods().stream().map(VerificationMethod::apiName).toList())
				: null;
		this.jdbc.update("""
				INSERT INTO reuse_settings (organization_id, accept_reuse, max_age_days, same_jurisdiction,
				    accepted_methods, updated_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (organization_id) DO UPDATE SET accept_reuse = EXCLUDED.accept_reuse,
				    max_age_days = EXCLUDED.max_age_days, same_jurisdiction = EXCLUDED.same_jurisdiction,
				    accepted_methods = EXCLUDED.accepted_methods, updated_at = EXCLUDED.updated_at
				""", organizationId, settings.acceptReuse(), settings.maxAgeDays(), settings.sameJurisdiction(),
				methods, Timestamp.from(now));
	}

	@Transactional(readOnly = true)
	List<ReuseView> reuses(ApiKeyPrincipal caller, int limit) {
		return this.jdbc.query("""
				SELECT id, session_id, source_organization_id, credential_id, method, created_at FROM credential_reuse
				WHERE accepting_organization_id = ? AND livemode = ? ORDER BY created_at DESC, id DESC LIMIT ?
				""",
				(row, n) -> new ReuseView(row.getString("id"), "credential_reuse", row.getString("session_id"),
						row.getString("source_organization_id"), row.getString("credential_id"),
						row.getString("method"), row.getTimestamp("created_at").toInstant().getEpochSecond()),
				caller.organizationId(), caller.livemode(), limit);
	}

	/**
	 * A credential as the lookup shows it; {@code source} says whether it was verified
	 * for the caller or shared by another organization.
	 */
	record CredentialView(String method, int strength, String ageTier, String jurisdiction, long verifiedAt,
			long expiresAt, String source) {

		static CredentialView of(VerifiedPersonService.Credential credential, String caller) {
			return new CredentialView(credential.method().apiName(), credential.method().strength(),
					credential.ageTier(), credential.jurisdiction(), credential.verifiedAt().getEpochSecond(),
					credential.expiresAt().getEpochSecond(),
					credential.organizationId().equals(caller) ? "own" : "shared");
		}

	}

	/**
	 * One accepted reuse.
	 */
	record ReuseView(String id, String object, String sessionId, String sourceOrganization, String credentialId,
			String method, long created) {
	}

}
