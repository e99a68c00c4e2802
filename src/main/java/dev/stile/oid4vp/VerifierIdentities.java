package dev.stile.oid4vp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import dev.stile.api.ServerSecret;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads the operator's verifier certificate and key, or, without them, the self-signed
 * test identity kept in the database (generated at first start, shared by every
 * instance).
 */
final class VerifierIdentities {

	private static final String GENERATED = "generated";

	private VerifierIdentities() {
	}

	/**
	 * The configured identity, or the generated test identity when none is configured.
	 */
	static VerifierIdentity load(WalletProperties properties, JdbcClient jdbc, ServerSecret secret, Clock clock) {
		boolean certificate = !properties.verifierCertificate().isBlank();
		boolean key = !properties.verifierKey().isBlank();
		if (certificate != key) {
			throw new IllegalStateException(
					"Set both STILE_VERIFIER_CERTIFICATE and STILE_VERIFIER_KEY, or neither (test mode then signs with a generated certificate).");
		}
		if (certificate) {
			return VerifierIdentity.of(readChain(Path.of(properties.verifierCertificate())),
					readKey(Path.of(properties.verifierKey())), properties.clientIdPrefix(), properties.publicUrl(),
					true);
		}
		Generated stored = stored(jdbc, secret);
		if (stored == null) {
			Generated fresh = generate(URI.create(properties.publicUrl()).getHost(), clock.instant());
			// Two instances starting together: the first row wins, both read it back.
			jdbc.sql("""
					INSERT INTO verifier_identity (id, certificate, private_key, created) VALUES (?, ?, ?, ?)
					ON CONFLICT (id) DO NOTHING""")
				.params(GENERATED, pem(fresh.certificate()), secret.encrypt(pem(fresh.key())),
						java.sql.Timestamp.from(clock.instant()))
				.update();
			stored = stored(jdbc, secret);
		}
		return VerifierIdentity.of(List.of(stored.certificate()), stored.key(), properties.clientIdPrefix(),
				properties.publicUrl(), false);
	}

	private record Generated(X509Certificate certificate, PrivateKey key) {
	}

	private static Generated stored(JdbcClient jdbc, ServerSecret secret) {
		return jdbc.sql("SELECT certificate, private_key FROM verifier_identity WHERE id = ?")
			.param(GENERATED)
			.query((row, number) -> new Generated(readChain(row.getString(1)).get(0),
					readKey(secret.decrypt(row.getString(2)))))
			.optional()
			.orElse(null);
	}

	static Generated generate(String host, Instant now) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
			KeyPair pair = generator.generateKeyPair();
			X500Name subject = new X500Name("CN=Stile test verifier (not for live use)");
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
					Date.from(now.plus(Duration.ofDays(3650))), subject, pair.getPublic());
			if (host != null) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
			}
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
			return new Generated(certificate, pair.getPrivate());
		}
		catch (GeneralSecurityException | IOException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not generate the test verifier certificate", ex);
		}
	}

	private static List<X509Certificate> readChain(Path file) {
		try {
			return readChain(Files.readString(file, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read STILE_VERIFIER_CERTIFICATE " + file + ": " + ex.getMessage(),
					ex);
		}
	}

	private static List<X509Certificate> readChain(String pem) {
		try {
			CertificateFactory factory = CertificateFactory.getInstance("X.509");
			List<X509Certificate> chain = new ArrayList<>();
			for (var certificate : factory
				.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
				chain.add((X509Certificate) certificate);
			}
			if (chain.isEmpty()) {
				throw new IllegalStateException("The verifier certificate file holds no certificate.");
			}
			return chain;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The verifier certificate is not a PEM certificate chain.", ex);
		}
	}

	private static PrivateKey readKey(Path file) {
		try {
			return readKey(Files.readString(file, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read STILE_VERIFIER_KEY " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static PrivateKey readKey(String pem) {
		try (Reader reader = new StringReader(pem); PEMParser parser = new PEMParser(reader)) {
			Object object = parser.readObject();
			JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
			if (object instanceof PEMKeyPair pair) {
				return converter.getPrivateKey(pair.getPrivateKeyInfo());
			}
			if (object instanceof PrivateKeyInfo info) {
				return converter.getPrivateKey(info);
			}
			throw new IllegalStateException("The verifier key is not an unencrypted PEM private key.");
		}
		catch (IOException ex) {
			throw new IllegalStateException("The verifier key is not a PEM private key.", ex);
		}
	}

	private static String pem(X509Certificate certificate) {
		try {
			return pem("CERTIFICATE", certificate.getEncoded());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String pem(PrivateKey key) {
		return pem("PRIVATE KEY", key.getEncoded());
	}

	private static String pem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + label + "-----\n";
	}

}
