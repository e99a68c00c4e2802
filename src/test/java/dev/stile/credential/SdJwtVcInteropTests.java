package dev.stile.credential;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Presentations made by an independent implementation, {@code @sd-jwt/sd-jwt-vc} on node
 * with an openssl PKI ({@code src/test/interop/sd-jwt-vc/make-sd-jwt-vc.mjs}, run once;
 * its output is committed), judged at the instant they were made.
 */
class SdJwtVcInteropTests {

	private static final Map<String, Object> made = read("/credential/interop/sd-jwt-vc-js.json");

	private final SdJwtVcVerifier verifier = new SdJwtVcVerifier();

	private final Instant at = Instant.ofEpochSecond(((Number) made.get("at")).longValue());

	private final Handover handover = new Handover((String) made.get("client_id"), (String) made.get("nonce"), null,
			null);

	private final TrustAnchors anchors = TrustAnchors.none().with(new TrustAnchors.Anchor(root(), "interop", false));

	@Test
	void aFullPidVerifiesWithEveryClaimAsIssued() {
		VerifiedCredential verified = verify("pid_full");

		Map<String, Object> issued = new LinkedHashMap<>(issuedClaims());
		issued.remove("cnf");
		assertThat(verified.claims()).isEqualTo(issued);
		assertThat(verified.type()).isEqualTo("urn:eudi:pid:1");
		assertThat(verified.issuer().getSubjectX500Principal().getName()).contains("CN=Interop PID Issuer");
		assertThat(verified.anchor().certificate()).isEqualTo(root());
		assertThat(verified.validUntil()).isEqualTo(Instant.ofEpochSecond((Long) issuedClaims().get("exp")));
	}

	@Test
	void anAgeOnlyPresentationWithTheOlderTypeVerifies() {
		VerifiedCredential verified = verify("pid_age_only_vc_sd_jwt");

		assertThat(verified.claims()).containsEntry("age_equal_or_over", Map.of("18", true))
			.containsEntry("nationalities", List.of())
			.doesNotContainKeys("given_name", "family_name", "birthdate", "address");
	}

	@Test
	void aPartialPresentationShowsOnlyWhatWasDisclosed() {
		VerifiedCredential verified = verify("pid_partial");

		assertThat(verified.claims()).containsEntry("given_name", "Erika")
			.containsEntry("family_name", "Mustermann")
			.containsEntry("address", Map.of("country", "DE", "locality", "Köln"))
			.containsEntry("nationalities", List.of("FR"))
			.containsEntry("age_equal_or_over", Map.of())
			.doesNotContainKey("birthdate");
	}

	@Test
	void theSamePresentationsAreRefusedForAnotherRequest() {
		String presentation = presentation("pid_full");

		assertRefused(() -> this.verifier.verify(presentation,
				new Handover(this.handover.clientId(), "another-nonce", null, null), this.anchors, this.at, true),
				CredentialError.NONCE_MISMATCH);
		assertRefused(() -> this.verifier.verify(presentation,
				new Handover("x509_hash:another-verifier", this.handover.nonce(), null, null), this.anchors, this.at,
				true), CredentialError.AUDIENCE_MISMATCH);
		assertRefused(() -> this.verifier.verify(presentation, this.handover, this.anchors,
				this.at.plus(Duration.ofHours(1)), true), CredentialError.KEY_BINDING_INVALID);
		assertRefused(() -> this.verifier.verify(presentation, this.handover, TestSdJwtVc.anchors(), this.at, true),
				CredentialError.UNTRUSTED_ISSUER);
	}

	private VerifiedCredential verify(String name) {
		return this.verifier.verify(presentation(name), this.handover, this.anchors, this.at, true);
	}

	private static void assertRefused(Runnable verification, CredentialError error) {
		assertThatExceptionOfType(CredentialException.class).isThrownBy(verification::run)
			.satisfies((ex) -> assertThat(ex.error()).as(ex.getMessage()).isEqualTo(error));
	}

	@SuppressWarnings("unchecked")
	private static String presentation(String name) {
		return (String) ((Map<String, Object>) made.get("presentations")).get(name);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> issuedClaims() {
		return (Map<String, Object>) made.get("issued_claims");
	}

	private static X509Certificate root() {
		try {
			return (X509Certificate) CertificateFactory.getInstance("X.509")
				.generateCertificate(new ByteArrayInputStream(
						((String) made.get("root_certificate")).getBytes(StandardCharsets.US_ASCII)));
		}
		catch (CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> read(String resource) {
		try (InputStream in = SdJwtVcInteropTests.class.getResourceAsStream(resource)) {
			return JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		catch (IOException | ParseException ex) {
			throw new IllegalStateException(resource, ex);
		}
	}

}
