package dev.stile.method.credential;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.stile.credential.TestPki;
import dev.stile.credential.TrustAnchors;
import dev.stile.credential.VerifiedCredential;
import dev.stile.method.AttemptContext;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.credential.CredentialTypes.CredentialType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialPolicyTests {

	private static final Instant now = Instant.parse("2026-12-01T12:00:00Z");

	private static final TestPki.Issued root = TestPki.root("Test IACA", now);

	private static final CredentialTypes types = CredentialTypes.load();

	private final CredentialPolicy policy = new CredentialPolicy((document) -> "fp:" + document);

	@Test
	void ageOverTheRequiredAgeProvesTheTierWithoutABirthDate() {
		AttemptOutcome outcome = judge(mdl(Map.of("age_over_21", true)), age(21));

		assertThat(outcome.kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertThat(outcome.age()).isEqualTo(21);
		assertThat(outcome.ageEstimated()).isFalse();
		assertThat(outcome.providerName()).isEqualTo("stile");
	}

	@Test
	void aHigherAgeOverAlsoProvesTheTier() {
		assertThat(judge(mdl(Map.of("age_over_18", true, "age_over_25", true)), age(21)).age()).isEqualTo(25);
	}

	@Test
	void ageOverFalseForTheRequiredAgeIsBelowTheTier() {
		AttemptOutcome outcome = judge(mdl(Map.of("age_over_21", false, "birth_date", LocalDate.of(1990, 1, 1))),
				age(21));

		assertFailed(outcome, "age_below_tier");
		assertThat(outcome.age()).isNull();
	}

	@Test
	void onlyALowerAgeOverFallsBackToTheBirthDate() {
		AttemptOutcome outcome = judge(mdl(Map.of("age_over_18", true, "birth_date", LocalDate.of(2000, 5, 1))),
				age(21));

		assertThat(outcome.kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertThat(outcome.age()).isEqualTo(26);
	}

	@Test
	void olderPidsProveAgeWithAgeEqualOrOver() {
		AttemptOutcome outcome = judge(sdJwtPid(Map.of("age_equal_or_over", Map.of("18", true))), age(18));

		assertThat(outcome.kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertThat(outcome.age()).isEqualTo(18);
		assertFailed(judge(sdJwtPid(Map.of("age_equal_or_over", Map.of("18", false))), age(18)), "age_below_tier");
	}

	@Test
	void theBirthDateIsJudgedOnTheSessionsDate() {
		// 2026-12-01: born 2005-12-01 is 21 today; born 2005-12-02 turns 21 tomorrow.
		assertThat(judge(mdl(Map.of("birth_date", LocalDate.of(2005, 12, 1))), age(21)).kind())
			.isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertFailed(judge(mdl(Map.of("birth_date", LocalDate.of(2005, 12, 2))), age(21)), "age_below_tier");
	}

	@Test
	void anSdJwtBirthdateIsReadAsText() {
		AttemptOutcome outcome = judge(sdJwtPid(Map.of("birthdate", "1990-06-15")), age(18));

		assertThat(outcome.age()).isEqualTo(36);
	}

	@Test
	void neitherAgeOverNorBirthDateIsClaimMissing() {
		assertFailed(judge(mdl(Map.of("given_name", "Ada", "family_name", "Lovelace")), age(18)), "claim_missing");
		assertFailed(judge(mdl(Map.of("birth_date", "not a date")), age(18)), "claim_missing");
	}

	@Test
	void identityNeedsNamesAndBirthDate() {
		Map<String, Object> claims = new LinkedHashMap<>(
				Map.of("given_name", "Ada", "family_name", "Lovelace", "birth_date", LocalDate.of(1990, 1, 1)));
		AttemptOutcome outcome = judge(mdl(claims), identity());

		assertThat(outcome.kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertThat(outcome.identityVerified()).isTrue();
		assertThat(outcome.age()).isEqualTo(36);

		claims.remove("family_name");
		assertFailed(judge(mdl(claims), identity()), "claim_missing");
		assertFailed(
				judge(mdl(Map.of("given_name", "Ada", "family_name", "Lovelace", "age_over_18", true)), identity()),
				"claim_missing");
	}

	@Test
	void anAgeOnlyAttestationDoesNotProveIdentity() {
		VerifiedCredential av = credential(VerifiedCredential.Format.MDOC, "eu.europa.ec.av.1",
				Map.of("age_over_18", true));
		CredentialType type = types.find(av.format(), av.type()).orElseThrow();

		assertThat(this.policy.judge(av, type, age(18), Optional.empty()).kind())
			.isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertThat(this.policy.judge(av, type, age(18), Optional.empty()).identityVerified()).isFalse();
		assertFailed(this.policy.judge(av, type, identity(), Optional.empty()), "doctype_unsupported");
	}

	@Test
	void anAgeSessionRecordsIdentityOnlyWhenNamesAndBirthDateWereDisclosed() {
		assertThat(judge(mdl(Map.of("age_over_18", true)), age(18)).identityVerified()).isFalse();
		assertThat(judge(
				mdl(Map.of("given_name", "Ada", "family_name", "Lovelace", "birth_date", LocalDate.of(1990, 1, 1))),
				age(18))
			.identityVerified()).isTrue();
	}

	@Test
	void theDocumentFingerprintIsAKeyedHashOfAuthorityAndNumber() {
		AttemptOutcome outcome = judge(
				mdl(Map.of("age_over_18", true, "issuing_authority", "Colorado DMV", "document_number", "123456789")),
				age(18));

		assertThat(outcome.fingerprint()).isEqualTo("fp:Colorado DMV:123456789");
		assertThat(judge(mdl(Map.of("age_over_18", true)), age(18)).fingerprint()).isNull();
	}

	@Test
	void aRestrictedJurisdictionAcceptsOnlyItsListedIssuers() {
		Optional<Set<String>> louisiana = Optional.of(Set.of("US-LA"));
		VerifiedCredential ownState = mdl(Map.of("age_over_21", true, "issuing_jurisdiction", "US-LA"));
		VerifiedCredential otherState = mdl(Map.of("age_over_21", true, "issuing_jurisdiction", "US-CO"));
		VerifiedCredential countryOnly = mdl(Map.of("age_over_21", true, "issuing_country", "US"));
		CredentialType mdl = types.find(VerifiedCredential.Format.MDOC, "org.iso.18013.5.1.mDL").orElseThrow();

		assertThat(this.policy.judge(ownState, mdl, age(21), louisiana).kind())
			.isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertFailed(this.policy.judge(otherState, mdl, age(21), louisiana), "issuer_not_accepted");
		assertFailed(this.policy.judge(countryOnly, mdl, age(21), louisiana), "claim_missing");
		assertThat(this.policy.judge(otherState, mdl, age(21), Optional.empty()).kind())
			.isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
	}

	@Test
	void theIssuingJurisdictionIsRecordedWhenItIsAJurisdictionCode() {
		assertThat(judge(mdl(Map.of("age_over_18", true, "issuing_jurisdiction", "US-CO", "issuing_country", "US")),
				age(18))
			.issuingJurisdiction()).isEqualTo("US-CO");
		assertThat(judge(mdl(Map.of("age_over_18", false, "issuing_country", "US")), age(18)).issuingJurisdiction())
			.isEqualTo("US");
		assertThat(judge(mdl(Map.of("age_over_18", true, "issuing_country", "x".repeat(500))), age(18))
			.issuingJurisdiction()).isNull();
	}

	@Test
	void issuerRulesOfMobileLicencesDoNotApplyToAPid() {
		VerifiedCredential pid = credential(VerifiedCredential.Format.MDOC, "eu.europa.ec.eudi.pid.1",
				Map.of("age_over_18", true, "issuing_country", "DE"));
		CredentialType type = types.find(pid.format(), pid.type()).orElseThrow();

		assertThat(this.policy.judge(pid, type, age(18), Optional.of(Set.of("US-LA"))).kind())
			.isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
	}

	private AttemptOutcome judge(VerifiedCredential credential, AttemptContext context) {
		CredentialType type = types.find(credential.format(), credential.type()).orElseThrow();
		return this.policy.judge(credential, type, context, Optional.empty());
	}

	private static void assertFailed(AttemptOutcome outcome, String code) {
		assertThat(outcome.kind()).isEqualTo(AttemptOutcome.Kind.FAILED);
		assertThat(outcome.errorCode()).isEqualTo(code);
		assertThat(outcome.errorMessage()).isNotBlank();
		assertThat(outcome.providerName()).isEqualTo("stile");
		assertThat(outcome.identityVerified()).isFalse();
	}

	private static AttemptContext age(int required) {
		return new AttemptContext(false, AttemptContext.Purpose.AGE, required, "US-CO", now);
	}

	private static AttemptContext identity() {
		return new AttemptContext(false, AttemptContext.Purpose.IDENTITY, 18, "US-CO", now);
	}

	static VerifiedCredential mdl(Map<String, Object> claims) {
		return credential(VerifiedCredential.Format.MDOC, "org.iso.18013.5.1.mDL", claims);
	}

	static VerifiedCredential sdJwtPid(Map<String, Object> claims) {
		return credential(VerifiedCredential.Format.SD_JWT_VC, "urn:eudi:pid:1", claims);
	}

	static VerifiedCredential credential(VerifiedCredential.Format format, String type, Map<String, Object> claims) {
		return new VerifiedCredential(format, type, claims, root.certificate(),
				new TrustAnchors.Anchor(root.certificate(), "test", false), now.plusSeconds(86400));
	}

}
