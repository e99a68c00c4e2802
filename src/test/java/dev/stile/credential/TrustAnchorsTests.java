package dev.stile.credential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TrustAnchorsTests {

	private static final Instant now = Instant.parse("2026-12-01T12:00:00Z");

	private final TestPki.Issued iaca = TestPki.root("Test IACA", now);

	private final TestPki.Issued signer = TestPki.signer(this.iaca, "Test DS", now, TestPki.MDL_DOCUMENT_SIGNER_EKU);

	@Test
	void aChainToAnAnchorValidatesWithOrWithoutItsRoot() {
		TrustAnchors anchors = TestPki.anchors(this.iaca);
		assertThat(anchors.validate(List.of(this.signer.certificate()), now, true).certificate())
			.isEqualTo(this.iaca.certificate());
		assertThat(
				anchors.validate(List.of(this.signer.certificate(), this.iaca.certificate()), now, true).certificate())
			.isEqualTo(this.iaca.certificate());
	}

	@Test
	void aChainToAnotherRootIsUntrusted() {
		TestPki.Issued other = TestPki.root("Other IACA", now);
		TrustAnchors anchors = TestPki.anchors(other);
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> anchors.validate(List.of(this.signer.certificate(), this.iaca.certificate()), now, true))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.UNTRUSTED_ISSUER));
	}

	@Test
	void noAnchorsTrustNothing() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> TrustAnchors.none().validate(List.of(this.signer.certificate()), now, false))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.UNTRUSTED_ISSUER));
	}

	@Test
	void anExpiredSignerIsExpired() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> TestPki.anchors(this.iaca)
				.validate(List.of(this.signer.certificate()), now.plus(Duration.ofDays(400)), true))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.CREDENTIAL_EXPIRED));
	}

	@Test
	void aRootPresentedAsTheSignerIsUntrusted() {
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> TestPki.anchors(this.iaca).validate(List.of(this.iaca.certificate()), now, true))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.UNTRUSTED_ISSUER));
	}

	@Test
	void testOnlyAnchorsAreIgnoredInLiveMode() {
		TrustAnchors anchors = TrustAnchors.none()
			.with(new TrustAnchors.Anchor(this.iaca.certificate(), TrustAnchors.BUILT_IN, true));
		assertThat(anchors.validate(List.of(this.signer.certificate()), now, false).testOnly()).isTrue();
		assertThatExceptionOfType(CredentialException.class)
			.isThrownBy(() -> anchors.validate(List.of(this.signer.certificate()), now, true))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo(CredentialError.UNTRUSTED_ISSUER));
	}

	@Test
	void loadsPemFilesAndDirectories(@TempDir Path dir) throws Exception {
		TestPki.Issued second = TestPki.root("Second IACA", now);
		Path roots = Files.createDirectory(dir.resolve("roots"));
		Files.writeString(roots.resolve("a.pem"), pem(this.iaca) + pem(second));
		Files.writeString(roots.resolve("ignored.txt"), "not a certificate");
		Path single = dir.resolve("single.crt");
		Files.writeString(single, pem(this.iaca));
		TrustAnchors anchors = TrustAnchors.load(roots + " , " + single);
		assertThat(anchors.anchors()).hasSize(3);
		assertThat(anchors.anchors().get(0).source()).endsWith("a.pem");
		assertThat(anchors.anchors().get(0).sha256Fingerprint()).hasSize(64);
		assertThat(anchors.anchors().get(1).subject()).contains("CN=Second IACA");
	}

	@Test
	void aMissingOrEmptyPathIsRefusedByName(@TempDir Path dir) throws Exception {
		Path empty = Files.writeString(dir.resolve("empty.pem"), "");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> TrustAnchors.load(dir.resolve("missing.pem").toString()))
			.withMessageContaining("missing.pem");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> TrustAnchors.load(empty.toString()))
			.withMessageContaining("empty.pem");
	}

	static String pem(TestPki.Issued issued) throws Exception {
		return "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(issued.certificate().getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
	}

}
