package dev.stile.credential;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.X509CertChainUtils;

/**
 * Verifies an SD-JWT VC presentation with its key binding JWT: the issuer's signature and
 * {@code x5c} chain, every disclosure's digest, validity, and the holder's key binding to
 * this request's audience and nonce.
 */
public final class SdJwtVcVerifier {

	/** The largest presentation read, in characters. */
	public static final int MAX_PRESENTATION_LENGTH = 256 * 1024;

	/** The most disclosures read; a PID discloses a few dozen at most. */
	static final int MAX_DISCLOSURES = 256;

	/**
	 * The deepest JSON nesting read, in any one JWT or disclosure and in the payload with
	 * its disclosures resolved; a PID's deepest claim (an address field) sits at 2.
	 */
	static final int MAX_NESTING = 16;

	/** The most certificates read from {@code x5c}. */
	static final int MAX_CHAIN_LENGTH = 8;

	/** How far the issuer's, the wallet's and our clocks may disagree. */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	/** How old a key binding JWT may be: the time a holder takes to consent and send. */
	static final Duration MAX_KEY_BINDING_AGE = Duration.ofMinutes(5);

	private static final Set<String> CREDENTIAL_TYPES = Set.of("dc+sd-jwt", "vc+sd-jwt");

	private static final String KEY_BINDING_TYPE = "kb+jwt";

	/** The names of RFC 9901's hash algorithm registry we accept for {@code _sd_alg}. */
	private static final Set<String> HASH_ALGORITHMS = Set.of("sha-256", "sha-384", "sha-512");

	/**
	 * Claims SD-JWT VC ("Registered JWT Claims") forbids disclosing selectively: they
	 * must come from the issuer-signed payload itself.
	 */
	private static final List<String> NEVER_DISCLOSED = List.of("iss", "nbf", "exp", "cnf", "vct", "status");

	/**
	 * Verifies a compact SD-JWT+KB presentation
	 * ({@code <issuer-jwt>~<disclosure>~...~<kb-jwt>}).
	 * @param presentation the presentation as received
	 * @param handover the request it must answer: {@code client_id} is the key binding's
	 * {@code aud}, {@code nonce} its nonce
	 * @param anchors the roots the issuer's certificate must chain to
	 * @param at the instant at which validity and the key binding's freshness are judged
	 * @param livemode whether test-only anchors are excluded
	 * @throws CredentialException naming why the presentation was refused
	 */
	public VerifiedCredential verify(String presentation, Handover handover, TrustAnchors anchors, Instant at,
			boolean livemode) {
		Objects.requireNonNull(anchors, "anchors");
		Verified verified = verify(presentation, handover, at, (header) -> x5cIssuer(header, anchors, at, livemode));
		// Without exp the credential is good for as long as its signer's certificate.
		Instant validUntil = (verified.expiresAt() != null) ? verified.expiresAt()
				: verified.issuer().certificate().getNotAfter().toInstant();
		return new VerifiedCredential(VerifiedCredential.Format.SD_JWT_VC, verified.vct(), verified.claims(),
				verified.issuer().certificate(), verified.issuer().anchor(), validUntil);
	}

	/**
	 * The key that must have signed an issuer JWT, from an issuer already judged trusted.
	 *
	 * @param key the public key
	 * @param certificate its certificate, or {@code null} when the key was known
	 * otherwise (tests of published examples that carry no {@code x5c})
	 * @param anchor the anchor the certificate chains to, or {@code null} likewise
	 */
	record IssuerKey(PublicKey key, X509Certificate certificate, TrustAnchors.Anchor anchor) {
	}

	/**
	 * A presentation that verified.
	 *
	 * @param vct the credential type
	 * @param claims the payload with its disclosures resolved
	 * @param expiresAt the credential's {@code exp}, or {@code null}
	 * @param issuer the key that signed it
	 */
	record Verified(String vct, Map<String, Object> claims, Instant expiresAt, IssuerKey issuer) {
	}

	/**
	 * Verifies a presentation with the issuer's key found by {@code issuerKeys}, which
	 * throws {@link CredentialException} for an issuer it does not trust.
	 */
	Verified verify(String presentation, Handover handover, Instant at, Function<JWSHeader, IssuerKey> issuerKeys) {
		Objects.requireNonNull(handover, "handover");
		Objects.requireNonNull(at, "at");
		try {
			return check(presentation, handover, at, issuerKeys);
		}
		catch (CredentialException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// A library's surprise on hostile input must read as a refusal, never as a
			// server error; the checks above name every case we know.
			throw CompactJws.malformed("unreadable: " + ex, ex);
		}
	}

	private Verified check(String presentation, Handover handover, Instant at,
			Function<JWSHeader, IssuerKey> issuerKeys) {
		Parts parts = Parts.split(presentation);
		CompactJws issuerJwt = CompactJws.parse(parts.issuerJwt(), "issuer JWT",
				CredentialError.ISSUER_SIGNATURE_INVALID);
		CompactJws keyBinding = (parts.keyBindingJwt() != null)
				? CompactJws.parse(parts.keyBindingJwt(), "key binding JWT", CredentialError.KEY_BINDING_INVALID)
				: null;
		String hashAlgorithm = hashAlgorithm(issuerJwt.payload());
		SDJWT sdJwt;
		try {
			sdJwt = SDJWT.parse(presentation);
		}
		catch (RuntimeException ex) {
			throw CompactJws.malformed("disclosures: " + ex.getMessage(), ex);
		}

		JWSHeader header = issuerJwt.header();
		if (!CREDENTIAL_TYPES.contains(mediaType(header.getType()))) {
			throw CompactJws.malformed("issuer JWT typ is " + header.getType() + ", not dc+sd-jwt");
		}
		// Trust before the signature: an untrusted issuer is refused whatever else holds.
		IssuerKey issuer = issuerKeys.apply(header);
		if (issuer.key() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
			throw new CredentialException(CredentialError.ISSUER_SIGNATURE_INVALID, "issuer RSA key under 2048 bits");
		}
		if (!issuerJwt.verify(issuer.key())) {
			throw new CredentialException(CredentialError.ISSUER_SIGNATURE_INVALID,
					"issuer JWT signature does not verify with the issuer's key");
		}

		Map<String, Object> payload = issuerJwt.payload();
		DisclosureTree.check(payload, sdJwt.getDisclosures(), hashAlgorithm);
		Map<String, Object> decoded;
		try {
			decoded = new SDObjectDecoder().decode(payload, sdJwt.getDisclosures());
		}
		catch (RuntimeException ex) {
			// What the walk left to the decoder: a disclosure's name colliding with a
			// signed claim, or an object disclosure where an array element was signed.
			throw new CredentialException(CredentialError.DIGEST_MISMATCH, ex.getMessage(), ex);
		}
		for (String name : NEVER_DISCLOSED) {
			if (!payload.containsKey(name) && decoded.containsKey(name)) {
				throw CompactJws.malformed(name + " is selectively disclosed, which SD-JWT VC forbids");
			}
		}
		if (!(decoded.get("vct") instanceof String vct) || vct.isBlank()) {
			throw CompactJws.malformed("no vct");
		}
		Instant expiresAt = numericDate(decoded, "exp", "issuer JWT");
		Instant notBefore = numericDate(decoded, "nbf", "issuer JWT");
		Instant issuedAt = numericDate(decoded, "iat", "issuer JWT");
		if (expiresAt != null && at.isAfter(expiresAt.plus(CLOCK_SKEW))) {
			throw new CredentialException(CredentialError.CREDENTIAL_EXPIRED, "expired at " + expiresAt);
		}
		if (notBefore != null && at.isBefore(notBefore.minus(CLOCK_SKEW))) {
			throw new CredentialException(CredentialError.CREDENTIAL_EXPIRED, "not valid before " + notBefore);
		}
		if (issuedAt != null && at.isBefore(issuedAt.minus(CLOCK_SKEW))) {
			throw new CredentialException(CredentialError.CREDENTIAL_EXPIRED, "issued in the future, at " + issuedAt);
		}

		checkKeyBinding(keyBinding, payload, sdJwt.getSDHash(), handover, at);

		Map<String, Object> claims = new LinkedHashMap<>(decoded);
		claims.remove("cnf");
		@SuppressWarnings("unchecked")
		Map<String, Object> frozen = (Map<String, Object>) freeze(claims);
		return new Verified(vct, frozen, expiresAt, issuer);
	}

	/** RFC 9901 §7.3 with OpenID4VP's audience and nonce (§B.3.6). */
	private static void checkKeyBinding(CompactJws keyBinding, Map<String, Object> payload, String sdHash,
			Handover handover, Instant at) {
		// Required by our requests (require_cryptographic_holder_binding defaults to
		// true), never decided by whether the wallet sent one.
		if (keyBinding == null) {
			throw new CredentialException(CredentialError.KEY_BINDING_MISSING,
					"the presentation ends with '~': no key binding JWT");
		}
		if (!KEY_BINDING_TYPE.equals(mediaType(keyBinding.header().getType()))) {
			throw invalidBinding("key binding JWT typ is " + keyBinding.header().getType() + ", not kb+jwt");
		}
		if (!keyBinding.verify(holderKey(payload))) {
			throw invalidBinding("key binding JWT signature does not verify with the credential's cnf.jwk");
		}
		Map<String, Object> claims = keyBinding.payload();
		if (!sdHash.equals(claims.get("sd_hash"))) {
			throw invalidBinding("sd_hash does not match the presented SD-JWT");
		}
		if (!audienceIs(claims.get("aud"), handover.clientId())) {
			throw new CredentialException(CredentialError.AUDIENCE_MISMATCH,
					"aud " + claims.get("aud") + " is not " + handover.clientId());
		}
		if (!handover.nonce().equals(claims.get("nonce"))) {
			throw new CredentialException(CredentialError.NONCE_MISMATCH, "nonce differs from the request's");
		}
		Instant issuedAt = numericDate(claims, "iat", "key binding JWT");
		if (issuedAt == null) {
			throw invalidBinding("key binding JWT has no iat");
		}
		if (issuedAt.isAfter(at.plus(CLOCK_SKEW))
				|| issuedAt.isBefore(at.minus(MAX_KEY_BINDING_AGE).minus(CLOCK_SKEW))) {
			throw invalidBinding("key binding JWT made at " + issuedAt + ", outside the window around " + at);
		}
	}

	private static PublicKey holderKey(Map<String, Object> payload) {
		if (!(payload.get("cnf") instanceof Map<?, ?> cnf) || !(cnf.get("jwk") instanceof Map<?, ?> jwk)) {
			throw invalidBinding("the credential names no holder key (cnf.jwk)");
		}
		try {
			@SuppressWarnings("unchecked")
			JWK key = JWK.parse((Map<String, Object>) jwk);
			if (!(key instanceof AsymmetricJWK asymmetric)) {
				throw invalidBinding("cnf.jwk is not an asymmetric key");
			}
			return asymmetric.toPublicKey();
		}
		catch (ParseException | JOSEException | ClassCastException ex) {
			throw invalidBinding("cnf.jwk is unreadable: " + ex.getMessage());
		}
	}

	private static boolean audienceIs(Object aud, String clientId) {
		// RFC 9901 makes aud one string; a one-element array means the same in JWT.
		if (aud instanceof List<?> list && list.size() == 1) {
			aud = list.get(0);
		}
		return clientId.equals(aud);
	}

	private static IssuerKey x5cIssuer(JWSHeader header, TrustAnchors anchors, Instant at, boolean livemode) {
		// HAIP §6.1 makes x5c the way; we resolve no issuer metadata over the network.
		List<Base64> x5c = header.getX509CertChain();
		if (x5c == null || x5c.isEmpty()) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER, "the issuer JWT carries no x5c");
		}
		if (x5c.size() > MAX_CHAIN_LENGTH) {
			throw CompactJws.malformed("x5c holds more than " + MAX_CHAIN_LENGTH + " certificates");
		}
		List<X509Certificate> chain;
		try {
			chain = X509CertChainUtils.parse(x5c);
		}
		catch (ParseException ex) {
			throw CompactJws.malformed("x5c: " + ex.getMessage(), ex);
		}
		TrustAnchors.Anchor anchor = anchors.validate(chain, at, livemode);
		X509Certificate leaf = chain.get(0);
		boolean[] keyUsage = leaf.getKeyUsage();
		if (keyUsage == null || !keyUsage[0]) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER,
					"the issuer certificate is not for digital signatures (key usage)");
		}
		if (leaf.getBasicConstraints() >= 0) {
			throw new CredentialException(CredentialError.UNTRUSTED_ISSUER, "the issuer certificate is a CA");
		}
		return new IssuerKey(leaf.getPublicKey(), leaf, anchor);
	}

	private static String hashAlgorithm(Map<String, Object> payload) {
		Object alg = payload.getOrDefault("_sd_alg", "sha-256");
		if (!(alg instanceof String name) || !HASH_ALGORITHMS.contains(name)) {
			throw CompactJws.malformed("_sd_alg " + alg + " is not one of " + HASH_ALGORITHMS);
		}
		return name;
	}

	/**
	 * A {@code typ} as a media type subtype: RFC 7515 §4.1.9 lets {@code application/} be
	 * left out, and media types compare without regard to case.
	 */
	private static String mediaType(JOSEObjectType type) {
		if (type == null) {
			return "";
		}
		String value = type.getType().toLowerCase(Locale.ROOT);
		return value.startsWith("application/") ? value.substring("application/".length()) : value;
	}

	private static Instant numericDate(Map<String, Object> claims, String name, String what) {
		Object value = claims.get(name);
		if (value == null) {
			return null;
		}
		// Up to the year 9999; a larger NumericDate is a forgery of nothing useful.
		if (!(value instanceof Number number) || !(number.doubleValue() >= 0) || number.doubleValue() > 253402300799d) {
			throw CompactJws.malformed(what + " " + name + " is not a NumericDate");
		}
		return Instant.ofEpochSecond((long) Math.floor(number.doubleValue()));
	}

	/**
	 * Read-only copies all the way down, integers as {@link Long}: the disclosures'
	 * parser reads every JSON number as a double.
	 */
	private static Object freeze(Object value) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
			return Collections.unmodifiableMap(copy);
		}
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((v) -> copy.add(freeze(v)));
			return Collections.unmodifiableList(copy);
		}
		if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 0x1p53) {
			return number.longValue();
		}
		if (value instanceof Integer number) {
			return number.longValue();
		}
		return value;
	}

	private static CredentialException invalidBinding(String detail) {
		return new CredentialException(CredentialError.KEY_BINDING_INVALID, detail);
	}

	/**
	 * The compact serialization cut at its {@code ~}s, after the limits on its size and
	 * alphabet.
	 */
	private record Parts(String issuerJwt, String keyBindingJwt) {

		static Parts split(String presentation) {
			if (presentation == null || presentation.isEmpty()) {
				throw CompactJws.malformed("empty presentation");
			}
			if (presentation.length() > MAX_PRESENTATION_LENGTH) {
				throw CompactJws.malformed("presentation longer than " + MAX_PRESENTATION_LENGTH + " characters");
			}
			int separators = 0;
			for (int i = 0; i < presentation.length(); i++) {
				char c = presentation.charAt(i);
				if (c == '~') {
					separators++;
				}
				else if (!isBase64Url(c) && c != '.') {
					throw CompactJws.malformed("character " + (int) c + " at " + i + " cannot occur in an SD-JWT");
				}
			}
			if (separators == 0) {
				throw CompactJws.malformed("no '~': not an SD-JWT");
			}
			if (separators - 1 > MAX_DISCLOSURES) {
				throw CompactJws.malformed("more than " + MAX_DISCLOSURES + " disclosures");
			}
			String[] pieces = presentation.split("~", -1);
			// Authlete parses the disclosures again; these checks come first so that its
			// parser only ever sees bounded, canonical input.
			for (String disclosure : List.of(pieces).subList(1, pieces.length - 1)) {
				if (disclosure.isEmpty()) {
					throw CompactJws.malformed("an empty disclosure ('~~')");
				}
				String json = CompactJws.utf8(CompactJws.base64url(disclosure, "a disclosure"), "a disclosure");
				CompactJws.checkNesting(json, "a disclosure");
			}
			String last = pieces[pieces.length - 1];
			return new Parts(pieces[0], last.isEmpty() ? null : last);
		}

		private static boolean isBase64Url(char c) {
			return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
		}

	}

}
