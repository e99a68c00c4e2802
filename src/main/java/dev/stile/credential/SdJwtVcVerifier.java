package dev.stile.credential;

import java.time.Instant;

/**
 * Verifies an SD-JWT VC presentation with its key binding JWT: the issuer's signature and
 * {@code x5c} chain, every disclosure's digest, validity, and the holder's key binding to
 * this request's audience and nonce.
 */
public final class SdJwtVcVerifier {

	/** The largest presentation read, in characters. */
	public static final int MAX_PRESENTATION_LENGTH = 256 * 1024;

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
		throw new UnsupportedOperationException("not yet");
	}

}
