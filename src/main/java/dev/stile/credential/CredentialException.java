package dev.stile.credential;

/**
 * A presentation refused for a reason named by a {@link CredentialError}. The detail is
 * for logs and tests; merchants see the error's own message.
 */
public class CredentialException extends RuntimeException {

	private final CredentialError error;

	public CredentialException(CredentialError error, String detail) {
		super(error.code() + ": " + detail);
		this.error = error;
	}

	public CredentialException(CredentialError error, String detail, Throwable cause) {
		super(error.code() + ": " + detail, cause);
		this.error = error;
	}

	public CredentialError error() {
		return this.error;
	}

}
