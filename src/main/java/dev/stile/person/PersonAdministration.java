package dev.stile.person;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.apikey.ApiKeyPrincipal;
import dev.stile.method.VerificationMethod;

import org.springframework.http.HttpStatus;
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

	private final PersonProperties properties;

	PersonAdministration(VerifiedPersonService persons, Anchors anchors, JdbcTemplate jdbc,
			PersonProperties properties) {
		this.persons = persons;
		this.anchors = anchors;
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * What the caller may know of the person with this email or phone: its own
	 * credentials, and other organizations' shared ones only for an email or phone the
	 * customer proved to the caller with a code. Nothing is revealed when nothing matches
	 * that the caller may rely on: the answer is the same as for a stranger.
	 */
	@Transactional
	PersonController.LookupResponse lookup(ApiKeyPrincipal caller, String email, String phone,
			VerificationMethod minStrength, Integer maxAgeDays, Set<VerificationMethod> requiredMethods, Instant now) {
		String emailHash = this.anchors.email(email);
		String phoneHash = this.anchors.phone(phone);
		this.persons.countLookup(caller.organizationId(), caller.livemode(), now, emailHash, phoneHash);
		List<String> proven = this.persons.provenHashes(caller.organizationId(), caller.livemode(),
				VerifiedPersonService.hashes(emailHash, phoneHash), null);
		List<VerifiedPersonService.Credential> usable = this.persons
			.usableCredentials(caller.organizationId(), caller.livemode(), emailHash, phoneHash, proven, maxAgeDays,
					null, now)
			.stream()
			.filter((credential) -> minStrength == null || credential.method().isAtLeastAsStrongAs(minStrength))
			.toList();
		Set<VerificationMethod> methods = EnumSet.noneOf(VerificationMethod.class);
		usable.forEach((credential) -> methods.add(credential.method()));
		if (usable.isEmpty() || !methods.containsAll(requiredMethods)) {
			return new PersonController.LookupResponse("verified_person_lookup", false, null, List.of());
		}
		String personId = this.persons.ownPerson(caller.organizationId(), caller.livemode(), emailHash, phoneHash)
			.orElse(null);
		return new PersonController.LookupResponse("verified_person_lookup", true, personId,
				usable.stream().map((credential) -> CredentialView.of(credential, caller.organizationId())).toList());
	}

	/**
	 * Erases the caller's person: its credentials and the proofs the customer gave the
	 * caller. With {@code global}, also every other organization's person with an email
	 * or phone the customer proved to the caller within
	 * {@code stile.persons.erasure-proof-max-age}: the customer's own recent proof is
	 * what lets one organization erase what others hold.
	 */
	@Transactional
	void erase(ApiKeyPrincipal caller, String personId, boolean global, Instant now) {
		List<Map<String, Object>> found = this.jdbc.queryForList("""
				SELECT email_hash, phone_hash FROM verified_person WHERE id = ? AND organization_id = ? AND livemode = ?
				""", personId, caller.organizationId(), caller.livemode());
		if (found.isEmpty()) {
			throw ApiException.notFound("verified_person", personId, "id");
		}
		List<String> hashes = VerifiedPersonService.hashes((String) found.get(0).get("email_hash"),
				(String) found.get(0).get("phone_hash"));
		if (global) {
			List<String> proven = this.persons.provenHashes(caller.organizationId(), caller.livemode(), hashes,
					now.minus(this.properties.erasureProofMaxAge()));
			if (proven.isEmpty()) {
				throw new ApiException(HttpStatus.FORBIDDEN, ErrorType.PERMISSION_ERROR, "proof_required",
						"Erasing what other organizations hold needs the customer's own proof: the customer must have "
								+ "proven this email or phone with a one-time code in one of your sessions within the last "
								+ this.properties.erasureProofMaxAge().toMinutes() + " minutes.",
						"scope");
			}
			String[] provenArray = proven.toArray(String[]::new);
			this.jdbc.update("""
					DELETE FROM verified_person WHERE livemode = ? AND (email_hash = ANY (?) OR phone_hash = ANY (?))
					""", caller.livemode(), provenArray, provenArray);
			this.jdbc.update("DELETE FROM anchor_proof WHERE livemode = ? AND anchor_hash = ANY (?)", caller.livemode(),
					provenArray);
		}
		this.jdbc.update("DELETE FROM verified_person WHERE id = ?", personId);
		this.jdbc.update(
				"DELETE FROM anchor_proof WHERE organization_id = ? AND livemode = ? AND anchor_hash = ANY (?)",
				caller.organizationId(), caller.livemode(), hashes.toArray(String[]::new));
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
