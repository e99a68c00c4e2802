package dev.stile.credential;

import java.time.Instant;
import java.util.List;

/**
 * Verifies an ISO/IEC 18013-5 mdoc {@code DeviceResponse}: the issuer's signature and
 * certificate chain, the mobile security object, every disclosed item's digest and the
 * device's authentication over the session transcript.
 */
public final class MdocVerifier {

	/** The largest presentation read, in bytes. */
	public static final int MAX_PRESENTATION_BYTES = 256 * 1024;

	/**
	 * The CBOR {@code SessionTranscript} of OpenID4VP 1.0's redirect handover (Appendix
	 * B.2.6): {@code [null, null, ["OpenID4VPHandover", SHA-256(CBOR [client_id, nonce,
	 * jwkThumbprint, response_uri])]]}.
	 */
	public static byte[] openId4VpSessionTranscript(Handover handover) {
		throw new UnsupportedOperationException("not yet");
	}

	/**
	 * Verifies every document of a {@code DeviceResponse}.
	 * @param deviceResponse the CBOR bytes
	 * @param sessionTranscript the CBOR {@code SessionTranscript} the device must have
	 * signed
	 * @param anchors the roots the document signer must chain to
	 * @param at the instant at which validity is judged
	 * @param livemode whether test-only anchors are excluded
	 * @return one verified credential per document
	 * @throws CredentialException naming why the response was refused
	 */
	public List<VerifiedCredential> verify(byte[] deviceResponse, byte[] sessionTranscript, TrustAnchors anchors,
			Instant at, boolean livemode) {
		throw new UnsupportedOperationException("not yet");
	}

}
