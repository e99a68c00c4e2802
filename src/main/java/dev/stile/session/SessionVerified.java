package dev.stile.session;

import java.time.Instant;

import dev.stile.method.VerificationMethod;

/**
 * A session was verified: published inside the verifying transaction, with what a
 * verified person record needs. Carries the raw email and phone, so it never leaves the
 * process.
 *
 * @param sessionId the session
 * @param organizationId the organization it was verified for
 * @param livemode its mode
 * @param email the email given on create, or {@code null}
 * @param phone the phone given on create, or {@code null}
 * @param method the method whose result verified it
 * @param ageTier the tier the session required, or {@code null}
 * @param jurisdiction the session's jurisdiction, or {@code null}
 * @param shareable whether the customer agreed to reuse by other organizations
 * @param reusedCredentialId the credential reused to verify it, or {@code null} for a
 * fresh proof
 * @param verifiedAt when
 */
public record SessionVerified(String sessionId, String organizationId, boolean livemode, String email, String phone,
		VerificationMethod method, String ageTier, String jurisdiction, boolean shareable, String reusedCredentialId,
		Instant verifiedAt) {
}
