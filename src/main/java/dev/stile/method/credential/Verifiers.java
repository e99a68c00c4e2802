package dev.stile.method.credential;

import java.time.Instant;
import java.util.List;

import dev.stile.credential.Handover;
import dev.stile.credential.MdocVerifier;
import dev.stile.credential.SdJwtVcVerifier;
import dev.stile.credential.TrustAnchors;
import dev.stile.credential.VerifiedCredential;

/**
 * The cryptography the credential methods rely on, as one port: the {@code credential}
 * package's verifiers in the server, stand-ins in tests of the policy around them.
 */
interface Verifiers {

	/**
	 * Verifies an mdoc {@code DeviceResponse} answering an OpenID4VP redirect handover.
	 * @throws dev.stile.credential.CredentialException naming why it was refused
	 */
	List<VerifiedCredential> mdoc(byte[] deviceResponse, Handover handover, TrustAnchors anchors, Instant at,
			boolean livemode);

	/**
	 * Verifies an SD-JWT VC with its key binding JWT.
	 * @throws dev.stile.credential.CredentialException naming why it was refused
	 */
	VerifiedCredential sdJwt(String presentation, Handover handover, TrustAnchors anchors, Instant at,
			boolean livemode);

	static Verifiers of(MdocVerifier mdoc, SdJwtVcVerifier sdJwt) {
		return new Verifiers() {

			@Override
			public List<VerifiedCredential> mdoc(byte[] deviceResponse, Handover handover, TrustAnchors anchors,
					Instant at, boolean livemode) {
				return mdoc.verify(deviceResponse, MdocVerifier.openId4VpSessionTranscript(handover), anchors, at,
						livemode);
			}

			@Override
			public VerifiedCredential sdJwt(String presentation, Handover handover, TrustAnchors anchors, Instant at,
					boolean livemode) {
				return sdJwt.verify(presentation, handover, anchors, at, livemode);
			}

		};
	}

}
