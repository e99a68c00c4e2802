package dev.stile.credential;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A presentation whose cryptography held: issuer signature to a trust anchor, every
 * disclosed claim's digest, validity, and the holder's proof of possession for this
 * request. What it proves about age or identity is policy, decided by the caller.
 *
 * @param format the credential's format
 * @param type the mdoc {@code docType} or the SD-JWT VC {@code vct}
 * @param claims the disclosed claims: for an mdoc, element identifier to value across its
 * namespaces; for an SD-JWT VC, the disclosed payload with selective disclosures resolved
 * (nested objects as maps, arrays as lists). Full dates are {@link java.time.LocalDate},
 * date-times {@link Instant}, integers {@link Long}, booleans {@link Boolean}, text
 * {@link String}
 * @param issuer the certificate that signed the credential (document signer or SD-JWT
 * issuer), already validated to {@code anchor}
 * @param anchor the trust anchor its chain ends at
 * @param validUntil when the credential itself stops being valid
 */
public record VerifiedCredential(Format format, String type, Map<String, Object> claims, X509Certificate issuer,
		TrustAnchors.Anchor anchor, Instant validUntil) {

	public VerifiedCredential {
		// Claims may hold JSON nulls, which Map.copyOf refuses.
		claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
	}

	/**
	 * How the credential is encoded.
	 */
	public enum Format {

		/** ISO/IEC 18013-5 mdoc, CBOR with COSE signatures. */
		MDOC,

		/** IETF SD-JWT VC with a key binding JWT. */
		SD_JWT_VC

	}

}
