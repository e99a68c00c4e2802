package dev.stile.credential;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ISO/IEC 18013-5 Annex D {@code DeviceResponse}, verified with its own IACA at a
 * time when its certificates and MSO were valid, device MAC included.
 */
class MdocAnnexDTests {

	static final Instant during = Instant.parse("2021-01-01T00:00:00Z");

	private final MdocVerifier verifier = new MdocVerifier();

	@Test
	void verifiesWithTheReadersKey() {
		List<VerifiedCredential> verified = this.verifier.verify(deviceResponse(), sessionTranscript(), anchors(),
				during, true, readerKey());
		assertThat(verified).hasSize(1);
		VerifiedCredential mdl = verified.get(0);
		assertThat(mdl.format()).isEqualTo(VerifiedCredential.Format.MDOC);
		assertThat(mdl.type()).isEqualTo("org.iso.18013.5.1.mDL");
		assertThat(mdl.claims()).containsEntry("family_name", "Doe")
			.containsEntry("document_number", "123456789")
			.containsEntry("issue_date", LocalDate.parse("2019-10-20"))
			.containsEntry("expiry_date", LocalDate.parse("2024-10-20"))
			.containsKeys("portrait", "driving_privileges");
		assertThat(mdl.claims().get("portrait")).isInstanceOf(byte[].class);
		assertThat(mdl.claims().get("driving_privileges")).asList().hasSize(2);
		assertThat(mdl.issuer().getSubjectX500Principal().getName()).contains("utopia ds");
		assertThat(mdl.anchor().subject()).contains("utopia iaca");
		assertThat(mdl.validUntil()).isEqualTo(Instant.parse("2021-10-01T13:30:02Z"));
	}

	@Test
	void theMacFailsWithoutTheReadersKey() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(deviceResponse(), sessionTranscript(), anchors(), during, true))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.DEVICE_AUTH_FAILED));
	}

	@Test
	void theMacFailsWithAnotherReadersKey() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(deviceResponse(), sessionTranscript(), anchors(), during, true,
					TestPki.ecKey().getPrivate()))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.DEVICE_AUTH_FAILED));
	}

	@Test
	void theMacFailsOverAnotherTranscript() {
		byte[] other = MdocVerifier
			.openId4VpSessionTranscript(new Handover("x509_san_dns:example.com", "nonce", "https://example.com", null));
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(deviceResponse(), other, anchors(), during, true, readerKey()))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.DEVICE_AUTH_FAILED));
	}

	@Test
	void isExpiredToday() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(deviceResponse(), sessionTranscript(), anchors(),
					Instant.parse("2026-12-01T00:00:00Z"), true, readerKey()))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.CREDENTIAL_EXPIRED));
	}

	@Test
	void isUntrustedWithoutItsIaca() {
		TestPki.Issued other = TestPki.root("Other IACA", during);
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> this.verifier.verify(deviceResponse(), sessionTranscript(), TestPki.anchors(other),
					during, true, readerKey()))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.UNTRUSTED_ISSUER));
	}

	@Test
	void theMacKeyIsTheOnePrintedInTheStandard() throws Exception {
		// D.5.3's EMacKey, as quoted by walt.id's MDocTest.
		byte[] staticDeviceKey = HexFormat.of()
			.parseHex("04" + "96313d6c63e24e3372742bfdb1a33ba2c897dcd68ab8c753e4fbd48dca6b7f9a"
					+ "1fb3269edd418857de1b39a4e4a44b92fa484caa722c228288f01d0c03a2c3d6");
		ECPublicKey device = (ECPublicKey) KeyFactory.getInstance("EC")
			.generatePublic(new java.security.spec.ECPublicKeySpec(
					new java.security.spec.ECPoint(new BigInteger(1, Arrays.copyOfRange(staticDeviceKey, 1, 33)),
							new BigInteger(1, Arrays.copyOfRange(staticDeviceKey, 33, 65))),
					((java.security.interfaces.ECPrivateKey) readerKey()).getParams()));
		assertThat(HexFormat.of().formatHex(MdocDeviceAuth.eMacKey(readerKey(), device, sessionTranscriptBytes())))
			.isEqualTo("dc2b9566fdaaae3c06baa40993cd0451aeba15e7677ef5305f6531f3533c35dd");
	}

	static byte[] deviceResponse() {
		return hex("annex-d/device-response.hex");
	}

	/** The bare SessionTranscript: Annex D gives it wrapped as SessionTranscriptBytes. */
	static byte[] sessionTranscript() {
		byte[] tagged = sessionTranscriptBytes();
		// d8 18 59 <2-byte length> <SessionTranscript>
		return Arrays.copyOfRange(tagged, 5, tagged.length);
	}

	static byte[] sessionTranscriptBytes() {
		return hex("annex-d/session-transcript-bytes.hex");
	}

	static TrustAnchors anchors() {
		try (InputStream in = resource("annex-d/iaca.pem")) {
			X509Certificate iaca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
			return TrustAnchors.none().with(new TrustAnchors.Anchor(iaca, "annex-d/iaca.pem", false));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static PrivateKey readerKey() {
		try (InputStream in = resource("annex-d/reader-key.properties")) {
			Properties key = new Properties();
			key.load(in);
			java.security.AlgorithmParameters parameters = java.security.AlgorithmParameters.getInstance("EC");
			parameters.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
			return KeyFactory.getInstance("EC")
				.generatePrivate(new ECPrivateKeySpec(new BigInteger(key.getProperty("d"), 16),
						parameters.getParameterSpec(java.security.spec.ECParameterSpec.class)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] hex(String path) {
		try (InputStream in = resource(path)) {
			return HexFormat.of()
				.parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static InputStream resource(String path) {
		InputStream in = MdocAnnexDTests.class.getResourceAsStream("/credential/" + path);
		if (in == null) {
			throw new IllegalStateException("No test resource " + path);
		}
		return in;
	}

}
