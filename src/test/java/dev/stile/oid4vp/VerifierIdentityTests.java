package dev.stile.oid4vp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.stile.api.ServerSecret;
import dev.stile.credential.TestPki;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The verifier's identity: the generated test identity, kept in the database and the same
 * at every start; the configured one; and what makes the server refuse to start.
 */
@IntegrationTest
class VerifierIdentityTests {

	private static final WalletProperties UNCONFIGURED = new WalletProperties("https://stile.example.com", "", "",
			"x509_hash", Duration.ofMinutes(5));

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ServerSecret secret;

	@Autowired
	private TestClock clock;

	@Autowired
	private VerifierIdentity configured;

	@Test
	void withoutACertificateTestModeGeneratesOneAtFirstStartAndKeepsIt() {
		VerifierIdentity first = VerifierIdentities.load(UNCONFIGURED, this.jdbc, this.secret, this.clock);
		VerifierIdentity second = VerifierIdentities.load(UNCONFIGURED, this.jdbc, this.secret, this.clock);

		assertThat(first.configured()).isFalse();
		assertThat(second.leaf()).isEqualTo(first.leaf());
		assertThat(second.key().getEncoded()).isEqualTo(first.key().getEncoded());
		assertThat(first.leaf().getSubjectX500Principal()).isEqualTo(first.leaf().getIssuerX500Principal());
		assertThat(first.clientId()).isEqualTo("x509_hash:" + VerifierIdentity.hash(first.leaf()));
		String stored = this.jdbc.sql("SELECT private_key FROM verifier_identity WHERE id = 'generated'")
			.query(String.class)
			.single();
		assertThat(stored).doesNotContain("PRIVATE KEY");
	}

	@Test
	void theTestProfileSignsWithItsConfiguredCertificate() {
		assertThat(this.configured.configured()).isTrue();
		assertThat(this.configured.clientId()).isEqualTo("x509_hash:" + VerifierIdentity.hash(this.configured.leaf()));
	}

	@Test
	void x509SanDnsNeedsThePublicUrlsHostAmongTheCertificatesNames() {
		VerifierIdentity generated = VerifierIdentities.load(UNCONFIGURED, this.jdbc, this.secret, this.clock);
		VerifierIdentity byName = VerifierIdentity.of(generated.chain(), generated.key(), "x509_san_dns",
				"https://stile.example.com", false);
		assertThat(byName.clientId()).isEqualTo("x509_san_dns:stile.example.com");

		assertThatIllegalStateException()
			.isThrownBy(() -> VerifierIdentity.of(generated.chain(), generated.key(), "x509_san_dns",
					"https://elsewhere.example.com", false))
			.withMessageContaining("elsewhere.example.com");
		assertThatIllegalStateException()
			.isThrownBy(() -> VerifierIdentity.of(generated.chain(), generated.key(), "did",
					"https://stile.example.com", false))
			.withMessageContaining("x509_hash or x509_san_dns");
	}

	@Test
	void aKeyThatIsNotTheCertificatesIsRefused() {
		TestPki.Issued root = TestPki.root("Some root", Instant.now());

		assertThatIllegalStateException()
			.isThrownBy(() -> VerifierIdentity.of(List.of(root.certificate()), TestPki.ecKey().getPrivate(),
					"x509_hash", "https://stile.example.com", true))
			.withMessageContaining("does not belong");
	}

}
