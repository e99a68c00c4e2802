package dev.stile.credential;

import java.util.Locale;

/**
 * Why a presentation was refused: the result's {@code error_code} and a message a
 * merchant understands.
 */
public enum CredentialError {

	UNTRUSTED_ISSUER("The credential's issuer is not among this server's trust anchors."),
	ISSUER_SIGNATURE_INVALID("The issuer's signature over the credential does not verify."),
	DIGEST_MISMATCH("A disclosed claim does not match the digest the issuer signed."),
	CREDENTIAL_EXPIRED("The credential, or its issuer's certificate, is not valid at this time."),
	DEVICE_AUTH_FAILED("The wallet's device signature does not verify for this request."),
	NONCE_MISMATCH("The presentation answers another request (its nonce differs)."),
	AUDIENCE_MISMATCH("The presentation was made for another verifier (its audience differs)."),
	KEY_BINDING_MISSING("The presentation carries no key binding proving possession of the credential."),
	KEY_BINDING_INVALID(
			"The key binding does not verify: wrong key, wrong presentation hash or not made at the time of this request."),
	CLAIM_MISSING("The credential did not disclose a claim this verification needs."),
	AGE_BELOW_TIER("The credential shows the holder is younger than the age this session requires."),
	DOCTYPE_UNSUPPORTED("This kind of credential is not accepted for the method."),
	PRESENTATION_MALFORMED("The presentation could not be read: bad encoding or structure, or over the size limits.");

	private final String message;

	CredentialError(String message) {
		this.message = message;
	}

	/** The {@code error_code} written on the result, e.g. {@code untrusted_issuer}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** A message for people. */
	public String message() {
		return this.message;
	}

}
