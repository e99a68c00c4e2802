package dev.stile.credential;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The roots an operator trusts for one kind of credential (IACA roots for mdocs, PID
 * providers' roots for EU identity), and PKIX validation of an issuer's chain to them.
 * Immutable: a reload builds a new instance.
 */
public final class TrustAnchors {

	/**
	 * Where a certificate came from when it is built into the server rather than read
	 * from a file.
	 */
	public static final String BUILT_IN = "built-in";

	private final List<Anchor> anchors;

	private TrustAnchors(List<Anchor> anchors) {
		this.anchors = List.copyOf(anchors);
	}

	/**
	 * A trusted root.
	 *
	 * @param certificate the root certificate
	 * @param source the file it was read from, or {@link #BUILT_IN}
	 * @param testOnly whether it may be trusted in test mode only (the server's own test
	 * issuer)
	 */
	public record Anchor(X509Certificate certificate, String source, boolean testOnly) {

		/** The certificate's subject, RFC 2253. */
		public String subject() {
			return this.certificate.getSubjectX500Principal().getName();
		}

		/** The SHA-256 fingerprint of the certificate's DER encoding, lower-case hex. */
		public String sha256Fingerprint() {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256").digest(this.certificate.getEncoded()));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		}

		public Instant notBefore() {
			return this.certificate.getNotBefore().toInstant();
		}

		public Instant notAfter() {
			return this.certificate.getNotAfter().toInstant();
		}

	}

	/** No anchors: every chain is untrusted. */
	public static TrustAnchors none() {
		return new TrustAnchors(List.of());
	}

	/** These anchors. */
	public static TrustAnchors of(List<Anchor> anchors) {
		return new TrustAnchors(anchors);
	}

	/**
	 * Reads anchors from a comma-separated list of PEM files and directories of PEM files
	 * ({@code .pem}, {@code .crt}, {@code .cer}; a file may hold several certificates).
	 * @throws IllegalArgumentException naming the path when a path is missing or holds no
	 * certificate
	 */
	public static TrustAnchors load(String paths) {
		List<Anchor> anchors = new ArrayList<>();
		if (paths == null || paths.isBlank()) {
			return none();
		}
		for (String entry : paths.split(",")) {
			String trimmed = entry.trim();
			if (trimmed.isEmpty()) {
				continue;
			}
			Path path = Path.of(trimmed);
			if (Files.isDirectory(path)) {
				try (Stream<Path> files = Files.list(path)) {
					for (Path file : files.filter(TrustAnchors::isCertificateFile).sorted().toList()) {
						anchors.addAll(read(file));
					}
				}
				catch (IOException ex) {
					throw new IllegalArgumentException("Trust anchors: cannot list " + path + ": " + ex.getMessage(),
							ex);
				}
			}
			else if (Files.isRegularFile(path)) {
				anchors.addAll(read(path));
			}
			else {
				throw new IllegalArgumentException("Trust anchors: " + path + " is neither a file nor a directory");
			}
		}
		return new TrustAnchors(anchors);
	}

	private static boolean isCertificateFile(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		return Files.isRegularFile(file) && (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer"));
	}

	private static List<Anchor> read(Path file) {
		Collection<? extends java.security.cert.Certificate> certificates;
		try (InputStream in = Files.newInputStream(file)) {
			certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
		}
		catch (IOException | CertificateException ex) {
			throw new IllegalArgumentException(
					"Trust anchors: " + file + " is not PEM or DER certificates: " + ex.getMessage(), ex);
		}
		if (certificates.isEmpty()) {
			throw new IllegalArgumentException("Trust anchors: " + file + " holds no certificate");
		}
		String source = file.toAbsolutePath().normalize().toString();
		return certificates.stream().map((c) -> new Anchor((X509Certificate) c, source, false)).toList();
	}

	/** This set with one more anchor. */
	public TrustAnchors with(Anchor anchor) {
		List<Anchor> more = new ArrayList<>(this.anchors);
		more.add(anchor);
		return new TrustAnchors(more);
	}

	/** Every anchor, in the order loaded. */
	public List<Anchor> anchors() {
		return this.anchors;
	}

	/**
	 * Validates an issuer's chain (leaf first, as in an {@code x5chain} or {@code x5c};
	 * the root may be included or not) to one of these anchors at an instant, with PKIX
	 * (RFC 5280: signatures, validity, basic constraints, key usage of CA certificates,
	 * path length). Revocation is not checked here.
	 * @param chain the certificates, leaf first
	 * @param at the instant at which every certificate must be valid
	 * @param livemode whether test-only anchors are excluded
	 * @return the anchor the chain ends at
	 * @throws CredentialException {@code credential_expired} when a certificate is
	 * outside its validity at {@code at}, {@code untrusted_issuer} for any other failure
	 */
	public Anchor validate(List<X509Certificate> chain, Instant at, boolean livemode) {
		if (chain.isEmpty()) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER, "no issuer certificate");
		}
		List<Anchor> usable = this.anchors.stream().filter((a) -> !livemode || !a.testOnly()).toList();
		if (usable.isEmpty()) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER, "no trust anchors configured");
		}
		// A chain may carry its root; PKIX wants the path without the anchor.
		List<X509Certificate> path = new ArrayList<>();
		for (X509Certificate certificate : chain) {
			if (usable.stream().anyMatch((a) -> a.certificate().equals(certificate))) {
				break;
			}
			path.add(certificate);
		}
		if (path.isEmpty()) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER,
					"the credential is signed by a trust anchor itself, not by an issuer certificate");
		}
		Set<TrustAnchor> roots = new LinkedHashSet<>();
		for (Anchor anchor : usable) {
			roots.add(new TrustAnchor(anchor.certificate(), null));
		}
		try {
			CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
			PKIXParameters parameters = new PKIXParameters(roots);
			parameters.setRevocationEnabled(false);
			parameters.setDate(java.util.Date.from(at));
			PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
				.validate(certPath, parameters);
			X509Certificate root = result.getTrustAnchor().getTrustedCert();
			return usable.stream()
				.filter((a) -> a.certificate().equals(root))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("PKIX answered with an anchor it was not given"));
		}
		catch (CertPathValidatorException ex) {
			if (ex.getReason() == CertPathValidatorException.BasicReason.EXPIRED
					|| ex.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
				throw new CredentialException(CredentialError.CREDENTIAL_EXPIRED,
						"issuer certificate not valid at " + at + ": " + ex.getMessage(), ex);
			}
			if (ex.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
				throw new CredentialException(CredentialError.UNTRUSTED_ISSUER, "chain ends outside the trust anchors",
						ex);
			}
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER, "chain invalid: " + ex.getMessage(), ex);
		}
		catch (GeneralSecurityException ex) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER, "chain unreadable: " + ex.getMessage(), ex);
		}
	}

}
