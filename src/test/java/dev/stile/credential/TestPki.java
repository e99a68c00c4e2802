package dev.stile.credential;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI built with BouncyCastle: roots (an IACA, a PID provider's root) and the
 * certificates they issue (document signers, SD-JWT issuers), with EC keys.
 */
public final class TestPki {

	/** ISO/IEC 18013-5 extended key usage of a document signer (mdlDS). */
	public static final String MDL_DOCUMENT_SIGNER_EKU = "1.0.18013.5.1.2";

	private static final SecureRandom random = new SecureRandom();

	private TestPki() {
	}

	/**
	 * A certificate and the key pair it certifies.
	 */
	public record Issued(X509Certificate certificate, KeyPair keyPair) {
	}

	/** A new EC key pair on P-256. */
	public static KeyPair ecKey() {
		return ecKey("secp256r1");
	}

	/**
	 * A new EC key pair on a named curve: {@code secp256r1}, {@code secp384r1},
	 * {@code secp521r1}.
	 */
	public static KeyPair ecKey(String curve) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec(curve), random);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A self-signed root valid from a day before {@code at} for ten years. */
	public static Issued root(String commonName, Instant at) {
		return root(commonName, at.minus(Duration.ofDays(1)), at.plus(Duration.ofDays(3650)));
	}

	/** A self-signed root (CA, path length 0, keyCertSign and cRLSign) on P-256. */
	public static Issued root(String commonName, Instant notBefore, Instant notAfter) {
		KeyPair keys = ecKey();
		X500Name name = new X500Name("CN=" + commonName + ",C=US");
		try {
			JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
					Date.from(notAfter), name, keys.getPublic())
				.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
				.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
				.addExtension(Extension.subjectKeyIdentifier, false,
						utils.createSubjectKeyIdentifier(keys.getPublic()));
			return new Issued(sign(builder, keys), keys);
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A signing certificate issued by {@code issuer}, valid from a day before {@code at}
	 * for a year.
	 */
	public static Issued signer(Issued issuer, String commonName, Instant at, String extendedKeyUsage) {
		return signer(issuer, commonName, at.minus(Duration.ofDays(1)), at.plus(Duration.ofDays(365)), extendedKeyUsage,
				ecKey());
	}

	/**
	 * An end-entity certificate for signing (digitalSignature), issued by {@code issuer}.
	 * @param extendedKeyUsage an EKU OID to include (critical), or {@code null}
	 */
	public static Issued signer(Issued issuer, String commonName, Instant notBefore, Instant notAfter,
			String extendedKeyUsage, KeyPair keys) {
		return signer(issuer, commonName, notBefore, notAfter, extendedKeyUsage, keys, KeyUsage.digitalSignature);
	}

	/**
	 * An end-entity certificate with the given key usage bits (BouncyCastle
	 * {@link KeyUsage} constants), issued by {@code issuer}.
	 */
	public static Issued signer(Issued issuer, String commonName, Instant notBefore, Instant notAfter,
			String extendedKeyUsage, KeyPair keys, int keyUsage) {
		X500Name name = new X500Name("CN=" + commonName + ",C=US");
		X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
		try {
			JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, serial(),
					Date.from(notBefore), Date.from(notAfter), name, keys.getPublic())
				.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
				.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
				.addExtension(Extension.authorityKeyIdentifier, false,
						utils.createAuthorityKeyIdentifier(issuer.certificate()));
			if (extendedKeyUsage != null) {
				builder.addExtension(Extension.extendedKeyUsage, true,
						new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(extendedKeyUsage))));
			}
			return new Issued(sign(builder, issuer.keyPair()), keys);
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The anchors holding these roots, read as if from a file. */
	public static TrustAnchors anchors(Issued... roots) {
		TrustAnchors anchors = TrustAnchors.none();
		for (Issued root : roots) {
			anchors = anchors.with(new TrustAnchors.Anchor(root.certificate(), "test", false));
		}
		return anchors;
	}

	private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
			throws GeneralSecurityException {
		try {
			return new JcaX509CertificateConverter().getCertificate(
					builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
		}
		catch (org.bouncycastle.operator.OperatorCreationException ex) {
			throw new GeneralSecurityException(ex);
		}
	}

	private static BigInteger serial() {
		return new BigInteger(64, random).abs().add(BigInteger.ONE);
	}

}
