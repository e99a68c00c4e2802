package dev.stile.credential;

import java.util.Objects;

/**
 * The request a presentation must answer: the verifier's client identifier, the request's
 * nonce and, for OpenID4VP's redirect handover, the response URI and the thumbprint of
 * the verifier's encryption key (absent when the response is not encrypted).
 *
 * @param clientId the verifier's {@code client_id}: an SD-JWT key binding's {@code aud}
 * @param nonce the request's nonce
 * @param responseUri where the wallet posts its response ({@code response_uri}), for the
 * mdoc session transcript; may be {@code null} for SD-JWT
 * @param jwkThumbprint the SHA-256 JWK thumbprint of the verifier's response encryption
 * key, or {@code null} when the response is not encrypted
 */
public record Handover(String clientId, String nonce, String responseUri, byte[] jwkThumbprint) {

	public Handover {
		Objects.requireNonNull(clientId, "clientId");
		Objects.requireNonNull(nonce, "nonce");
		jwkThumbprint = (jwkThumbprint != null) ? jwkThumbprint.clone() : null;
	}

	@Override
	public byte[] jwkThumbprint() {
		return (this.jwkThumbprint != null) ? this.jwkThumbprint.clone() : null;
	}

}
