package dev.stile.method.credential;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.stile.compliance.ComplianceRules;
import dev.stile.credential.CredentialError;
import dev.stile.credential.CredentialException;
import dev.stile.credential.Handover;
import dev.stile.credential.TestPki;
import dev.stile.credential.TrustAnchors;
import dev.stile.credential.VerifiedCredential;
import dev.stile.method.AttemptContext;
import dev.stile.method.AttemptInput;
import dev.stile.method.AttemptOutcome;
import dev.stile.method.InvalidAttemptException;
import dev.stile.method.VerificationMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The provider around the verifiers, with stand-ins for them: which credential counts for
 * which method and against which anchors, how refusals become results, and what never
 * reaches a verifier.
 */
class CredentialMethodProviderTests {

	private static final Instant now = Instant.parse("2026-12-01T12:00:00Z");

	private static final Map<String, Object> HANDOVER = Map.of("client_id", "verifier", "nonce", "n", "response_uri",
			"https://verifier.example.com/response", "at", 1733000000);

	private static final ComplianceRules rules = new ComplianceRules();

	private final TestPki.Issued iaca = TestPki.root("Test IACA", now);

	private final TestPki.Issued pidRoot = TestPki.root("Test PID root", now);

	private final AtomicReference<Object> verified = new AtomicReference<>();

	private final AtomicReference<Instant> judgedAt = new AtomicReference<>();

	private final AtomicReference<Handover> answered = new AtomicReference<>();

	private TrustAnchorStore store;

	@TempDir
	Path directory;

	@BeforeEach
	void anchors() throws Exception {
		Path mdl = TrustAnchorStoreTests.writePem(this.directory.resolve("iaca.pem"), this.iaca);
		Path pid = TrustAnchorStoreTests.writePem(this.directory.resolve("pid.pem"), this.pidRoot);
		this.store = new TrustAnchorStore(new CredentialProperties(mdl.toString(), pid.toString()));
	}

	@Test
	void aMobileLicenceVerifiesForMdl() {
		this.verified.set(List.of(credential("org.iso.18013.5.1.mDL", this.iaca, Map.of("age_over_18", true))));

		AttemptOutcome outcome = attempt(VerificationMethod.MDL, "o2d2ZXJzaW9u");

		assertThat(outcome.kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertThat(outcome.providerName()).isEqualTo("stile");
		assertThat(this.judgedAt.get()).isEqualTo(Instant.ofEpochSecond(1733000000));
		assertThat(this.answered.get().responseUri()).isEqualTo("https://verifier.example.com/response");
	}

	@Test
	void aCredentialOfAnotherTypeIsDoctypeUnsupported() {
		this.verified.set(List.of(credential("eu.europa.ec.eudi.pid.1", this.pidRoot, Map.of("age_over_18", true))));

		assertFailed(attempt(VerificationMethod.MDL, "o2d2ZXJzaW9u"), "doctype_unsupported");
		assertThat(attempt(VerificationMethod.MID, "o2d2ZXJzaW9u").kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
	}

	@Test
	void theFirstDocumentServingTheMethodCounts() {
		this.verified.set(List.of(credential("eu.europa.ec.av.1", this.pidRoot, Map.of("age_over_18", true)),
				credential("org.iso.18013.5.1.mDL", this.iaca, Map.of("age_over_18", false))));

		assertFailed(attempt(VerificationMethod.MDL, "o2d2ZXJzaW9u"), "age_below_tier");
	}

	@Test
	void aLicenceChainingToAPidRootIsUntrusted() {
		this.verified.set(List.of(credential("org.iso.18013.5.1.mDL", this.pidRoot, Map.of("age_over_18", true))));

		assertFailed(attempt(VerificationMethod.MDL, "o2d2ZXJzaW9u"), "untrusted_issuer");
	}

	@Test
	void anSdJwtGoesToTheSdJwtVerifier() {
		this.verified.set(credential(VerifiedCredential.Format.SD_JWT_VC, "urn:eudi:pid:1", this.pidRoot,
				Map.of("birthdate", "1990-01-01")));

		AttemptOutcome outcome = attempt(VerificationMethod.EUDI_PID, "eyJhbGciOiJFUzI1NiJ9.e30.sig~WyJhIl0~kb");

		assertThat(outcome.kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertThat(outcome.age()).isEqualTo(36);
	}

	@Test
	void aVerifiersRefusalIsAFailedAttemptWithItsCode() {
		for (CredentialError error : CredentialError.values()) {
			this.verified.set(new CredentialException(error, "test"));

			AttemptOutcome outcome = attempt(VerificationMethod.MDL, "o2d2ZXJzaW9u");

			assertFailed(outcome, error.code());
			assertThat(outcome.errorMessage()).isEqualTo(error.message());
		}
	}

	@Test
	void anythingElseAVerifierThrowsIsAMalformedPresentation() {
		this.verified.set(new IllegalStateException("unexpected CBOR"));

		assertFailed(attempt(VerificationMethod.MDL, "o2d2ZXJzaW9u"), "presentation_malformed");
	}

	@Test
	void badBase64AndOversizeNeverReachAVerifier() {
		this.verified.set(new AssertionError("reached a verifier"));

		assertFailed(attempt(VerificationMethod.MDL, "o2d2+ZXJz/aW9u"), "presentation_malformed");
		assertFailed(attempt(VerificationMethod.MDL, "A".repeat(349_532)), "presentation_malformed");
		assertFailed(attempt(VerificationMethod.EUDI_PID, "a~" + "b".repeat(256 * 1024)), "presentation_malformed");
	}

	@Test
	void paddingIsOptional() {
		this.verified.set(List.of(credential("org.iso.18013.5.1.mDL", this.iaca, Map.of("age_over_18", true))));

		assertThat(attempt(VerificationMethod.MDL, "o2d2ZXJzaW9uYQ==").kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
		assertThat(attempt(VerificationMethod.MDL, "o2d2ZXJzaW9uYQ").kind()).isEqualTo(AttemptOutcome.Kind.SUCCEEDED);
	}

	@Test
	void liveModeRefusesATestHandover() {
		CredentialMethodProvider provider = provider(VerificationMethod.MDL);
		AttemptContext live = new AttemptContext(true, AttemptContext.Purpose.AGE, 18, "US-CO", now);

		assertThatExceptionOfType(InvalidAttemptException.class)
			.isThrownBy(() -> provider.attempt(input("o2d2ZXJzaW9u"), live))
			.satisfies((ex) -> assertThat(ex.param()).isEqualTo("test_handover"));
	}

	@Test
	void aMethodIsAvailableOnlyWithAnchorsOfAKindServingIt() {
		TrustAnchorStore pidOnly = new TrustAnchorStore(
				new CredentialProperties("", this.directory.resolve("pid.pem").toString()));
		CredentialTypes types = CredentialTypes.load();

		assertThat(provider(VerificationMethod.MDL, pidOnly, types).isAvailable()).isFalse();
		assertThat(provider(VerificationMethod.MID, pidOnly, types).isAvailable()).isTrue();
		assertThat(provider(VerificationMethod.EUDI_PID, pidOnly, types).isAvailable()).isTrue();
		assertThat(provider(VerificationMethod.MDL, pidOnly, types).unavailableReason()).contains("trust anchors");
	}

	@Test
	void withoutAVerifierCertificateNoMethodIsLiveAndTheReasonSaysWhy() {
		CredentialMethodProvider provider = provider(VerificationMethod.MDL, this.store, CredentialTypes.load(),
				() -> "no verifier certificate is configured (STILE_VERIFIER_CERTIFICATE)");

		assertThat(provider.isAvailable()).isFalse();
		assertThat(provider.unavailableReason())
			.isEqualTo("no verifier certificate is configured (STILE_VERIFIER_CERTIFICATE)");
	}

	private AttemptOutcome attempt(VerificationMethod method, String presentation) {
		return provider(method).attempt(input(presentation),
				new AttemptContext(false, AttemptContext.Purpose.AGE, 18, "US-CO", now));
	}

	private static AttemptInput input(String presentation) {
		return new AttemptInput(Map.of("presentation", presentation, "test_handover", HANDOVER), null);
	}

	private CredentialMethodProvider provider(VerificationMethod method) {
		return provider(method, this.store, CredentialTypes.load());
	}

	private CredentialMethodProvider provider(VerificationMethod method, TrustAnchorStore anchors,
			CredentialTypes types) {
		return provider(method, anchors, types, () -> null);
	}

	private CredentialMethodProvider provider(VerificationMethod method, TrustAnchorStore anchors,
			CredentialTypes types, WalletReadiness wallet) {
		return new CredentialMethodProvider(method, types, anchors, new CredentialPolicy((document) -> "fp"), rules,
				new StandInVerifiers(), wallet);
	}

	private VerifiedCredential credential(String type, TestPki.Issued root, Map<String, Object> claims) {
		return credential(VerifiedCredential.Format.MDOC, type, root, claims);
	}

	private VerifiedCredential credential(VerifiedCredential.Format format, String type, TestPki.Issued root,
			Map<String, Object> claims) {
		return new VerifiedCredential(format, type, claims, root.certificate(),
				new TrustAnchors.Anchor(root.certificate(), "test", false), now.plusSeconds(86400));
	}

	private static void assertFailed(AttemptOutcome outcome, String code) {
		assertThat(outcome.kind()).isEqualTo(AttemptOutcome.Kind.FAILED);
		assertThat(outcome.errorCode()).isEqualTo(code);
		assertThat(outcome.providerName()).isEqualTo("stile");
	}

	/** Answers what the test set, as the real verifiers would. */
	private final class StandInVerifiers implements Verifiers {

		@Override
		@SuppressWarnings("unchecked")
		public List<VerifiedCredential> mdoc(byte[] deviceResponse, Handover handover, TrustAnchors anchors, Instant at,
				boolean livemode) {
			answer(handover, at);
			return (List<VerifiedCredential>) CredentialMethodProviderTests.this.verified.get();
		}

		@Override
		public VerifiedCredential sdJwt(String presentation, Handover handover, TrustAnchors anchors, Instant at,
				boolean livemode) {
			answer(handover, at);
			return (VerifiedCredential) CredentialMethodProviderTests.this.verified.get();
		}

		private void answer(Handover handover, Instant at) {
			CredentialMethodProviderTests.this.answered.set(handover);
			CredentialMethodProviderTests.this.judgedAt.set(at);
			Object answer = CredentialMethodProviderTests.this.verified.get();
			if (answer instanceof RuntimeException ex) {
				throw ex;
			}
			if (answer instanceof Error error) {
				throw error;
			}
		}

	}

}
