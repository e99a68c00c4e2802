package dev.stile.oid4vp;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Who signs this server's OpenID4VP requests: the certificate chain (leaf first, no trust
 * anchor), its private key, and the {@code client_id} derived from the leaf.
 *
 * @param chain the leaf and its intermediates, as {@code x5c} carries them
 * @param key the leaf's private key (ES256)
 * @param clientId {@code x509_hash:<base64url SHA-256 of the leaf>} or
 * {@code x509_san_dns:<host>}
 * @param configured whether the operator configured it; a generated one serves test mode
 * only
 */
record VerifierIdentity(List<X509Certificate> chain, PrivateKey key, String clientId, boolean configured) {

	static final String X509_HASH = "x509_hash";

	static final String X509_SAN_DNS = "x509_san_dns";

	VerifierIdentity {
		chain = List.copyOf(chain);
		if (chain.isEmpty()) {
			throw new IllegalArgumentException("no certificate");
		}
	}

	X509Certificate leaf() {
		return this.chain.get(0);
	}

	/**
	 * The identity for this chain and key, refusing what wallets would refuse: a key that
	 * is not the leaf's, a key other than P-256, or an {@code x509_san_dns} host that is
	 * not the public URL's or not among the leaf's DNS names.
	 */
	static VerifierIdentity of(List<X509Certificate> chain, PrivateKey key, String prefix, String publicUrl,
			boolean configured) {
		X509Certificate leaf = chain.get(0);
		if (!(leaf.getPublicKey() instanceof ECPublicKey ec)
				|| ec.getParams().getCurve().getField().getFieldSize() != 256 || !"EC".equals(key.getAlgorithm())) {
			throw new IllegalStateException(
					"The verifier certificate must hold a P-256 key: requests are signed ES256.");
		}
		if (!keyMatches(leaf, key)) {
			throw new IllegalStateException("The verifier key does not belong to the verifier certificate's leaf.");
		}
		String clientId = switch (prefix) {
			case X509_HASH -> X509_HASH + ":" + hash(leaf);
			case X509_SAN_DNS -> X509_SAN_DNS + ":" + sanDnsHost(leaf, publicUrl);
			default -> throw new IllegalStateException(
					"stile.wallet.client-id-prefix must be x509_hash or x509_san_dns, not " + prefix + ".");
		};
		return new VerifierIdentity(chain, key, clientId, configured);
	}

	/** Base64url (no padding) of the SHA-256 of the certificate's DER encoding. */
	static String hash(X509Certificate certificate) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sanDnsHost(X509Certificate leaf, String publicUrl) {
		String host = URI.create(publicUrl).getHost();
		List<String> names = dnsNames(leaf);
		if (host == null || names.stream().noneMatch(host::equalsIgnoreCase)) {
			// OpenID4VP 5.9.3: the wallet checks response_uri's host against this SAN.
			throw new IllegalStateException("client_id x509_san_dns needs the host of STILE_PUBLIC_URL (" + host
					+ ") among the verifier certificate's DNS names " + names + ".");
		}
		return host.toLowerCase(java.util.Locale.ROOT);
	}

	static List<String> dnsNames(X509Certificate certificate) {
		try {
			Collection<List<?>> names = certificate.getSubjectAlternativeNames();
			if (names == null) {
				return List.of();
			}
			// General name 2 is dNSName.
			return names.stream()
				.filter((name) -> Integer.valueOf(2).equals(name.get(0)))
				.map((name) -> (String) name.get(1))
				.toList();
		}
		catch (CertificateParsingException ex) {
			return List.of();
		}
	}

	private static boolean keyMatches(X509Certificate leaf, PrivateKey key) {
		try {
			byte[] probe = leaf.getEncoded();
			java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
			signer.initSign(key);
			signer.update(probe);
			byte[] signature = signer.sign();
			java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
			verifier.initVerify(leaf.getPublicKey());
			verifier.update(probe);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

}
