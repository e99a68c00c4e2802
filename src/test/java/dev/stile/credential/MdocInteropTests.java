package dev.stile.credential;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presentations made by an independent implementation, {@code @auth0/mdl}, with the
 * script beside them in {@code credential/interop}: issuer signature, chain, digests and
 * device authentication (signature and MAC) over an OpenID4VP 1.0 handover.
 */
class MdocInteropTests {

	private static Map<String, Object> vectors;

	private static Handover handover;

	private static TrustAnchors anchors;

	private static Instant at;

	private final MdocVerifier verifier = new MdocVerifier();

	@BeforeAll
	static void readVectors() throws Exception {
		try (InputStream in = MdocAnnexDTests.resource("interop/mdl-auth0.json")) {
			vectors = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		Map<String, Object> request = object("handover");
		handover = new Handover((String) request.get("clientId"), (String) request.get("nonce"),
				(String) request.get("responseUri"), null);
		X509Certificate iaca = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(
					new ByteArrayInputStream(((String) vectors.get("iaca")).getBytes(StandardCharsets.US_ASCII)));
		anchors = TrustAnchors.none().with(new TrustAnchors.Anchor(iaca, "interop", false));
		at = Instant.parse((String) vectors.get("at"));
	}

	@Test
	void theirTranscriptIsOurs() {
		assertThat(HexFormat.of().formatHex(MdocVerifier.openId4VpSessionTranscript(handover)))
			.isEqualTo((String) vectors.get("sessionTranscript"));
	}

	@Test
	void es256AndEs384PresentationsWithDeviceSignaturesVerify() {
		for (String name : List.of("es256DeviceSignature", "es384DeviceSignature")) {
			List<VerifiedCredential> verified = this.verifier.verify(presentation(name),
					MdocVerifier.openId4VpSessionTranscript(handover), anchors, at, true);
			assertThat(verified).as(name).singleElement().satisfies(MdocInteropTests::isTheirMdl);
		}
	}

	@Test
	void aPresentationWithADeviceMacVerifiesWithTheReadersKey() throws Exception {
		PrivateKey reader = ECKey.parse(object("readerPrivateKey")).toECPrivateKey();
		List<VerifiedCredential> verified = this.verifier.verify(presentation("es256DeviceMac"),
				MdocVerifier.openId4VpSessionTranscript(handover), anchors, at, true, reader);
		assertThat(verified).singleElement().satisfies(MdocInteropTests::isTheirMdl);
		MdocVerifierTests.assertRefused(
				() -> this.verifier.verify(presentation("es256DeviceMac"),
						MdocVerifier.openId4VpSessionTranscript(handover), anchors, at, true),
				CredentialError.DEVICE_AUTH_FAILED);
	}

	@Test
	void theirPresentationsAnswerNoOtherRequest() {
		byte[] other = MdocVerifier.openId4VpSessionTranscript(
				new Handover(handover.clientId(), "another-nonce", handover.responseUri(), null));
		MdocVerifierTests.assertRefused(
				() -> this.verifier.verify(presentation("es256DeviceSignature"), other, anchors, at, true),
				CredentialError.DEVICE_AUTH_FAILED);
	}

	private static void isTheirMdl(VerifiedCredential mdl) {
		assertThat(mdl.type()).isEqualTo("org.iso.18013.5.1.mDL");
		assertThat(mdl.claims()).containsEntry("family_name", "Jones")
			.containsEntry("birth_date", LocalDate.of(2001, 3, 25))
			.containsEntry("age_over_18", true)
			.containsEntry("age_over_21", true)
			.containsEntry("issuing_jurisdiction", "US-NY")
			.doesNotContainKeys("given_name", "document_number");
		assertThat(mdl.validUntil()).isEqualTo(Instant.parse("2027-11-01T00:00:00Z"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(String name) {
		return (Map<String, Object>) vectors.get(name);
	}

	private static byte[] presentation(String name) {
		Map<String, Object> presentations = object("presentations");
		return Base64.getUrlDecoder().decode((String) presentations.get(name));
	}

}
