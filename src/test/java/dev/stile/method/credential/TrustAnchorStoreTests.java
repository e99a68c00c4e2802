package dev.stile.method.credential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;

import dev.stile.credential.TestPki;
import dev.stile.method.credential.CredentialTypes.AnchorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TrustAnchorStoreTests {

	private static final Instant now = Instant.parse("2026-12-01T12:00:00Z");

	@TempDir
	Path directory;

	@Test
	void aPathThatCannotBeReadStopsTheStartNamingIt() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new TrustAnchorStore(new CredentialProperties("/nonexistent/iaca.pem", "")))
			.withMessageContaining("/nonexistent/iaca.pem")
			.withMessageContaining("STILE_MDL_TRUST_ANCHORS");
	}

	@Test
	void nothingConfiguredLoadsNoAnchorsAndNoKindIsLive() {
		TrustAnchorStore store = new TrustAnchorStore(new CredentialProperties("", ""));

		assertThat(store.hasLiveAnchors(AnchorKind.MDL)).isFalse();
		assertThat(store.hasLiveAnchors(AnchorKind.PID)).isFalse();
	}

	@Test
	void eachKindReadsItsOwnSetting() throws Exception {
		Path iaca = writePem(this.directory.resolve("iaca.pem"), TestPki.root("Test IACA", now));
		TrustAnchorStore store = new TrustAnchorStore(new CredentialProperties(iaca.toString(), ""));

		assertThat(store.anchors(AnchorKind.MDL).anchors()).hasSize(1);
		assertThat(store.anchors(AnchorKind.PID).anchors()).isEmpty();
		assertThat(store.hasLiveAnchors(AnchorKind.MDL)).isTrue();
		assertThat(store.all().anchors()).hasSize(1);
	}

	@Test
	void aFailedReloadKeepsTheLoadedSet() throws Exception {
		writePem(this.directory.resolve("iaca.pem"), TestPki.root("Test IACA", now));
		TrustAnchorStore store = new TrustAnchorStore(new CredentialProperties(this.directory.toString(), ""));
		Files.writeString(this.directory.resolve("broken.pem"), "not a certificate");

		assertThatIllegalArgumentException().isThrownBy(store::reload).withMessageContaining("broken.pem");
		assertThat(store.anchors(AnchorKind.MDL).anchors()).hasSize(1);
	}

	static Path writePem(Path file, TestPki.Issued root) throws Exception {
		String pem = "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(root.certificate().getEncoded())
				+ "\n-----END CERTIFICATE-----\n";
		return Files.writeString(file, pem);
	}

}
