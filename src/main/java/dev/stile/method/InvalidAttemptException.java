package dev.stile.method;

/**
 * An attempt whose input cannot even be judged (a missing field, a malformed date, a file
 * that is not an image): the user is asked again, and no result is written.
 */
public class InvalidAttemptException extends RuntimeException {

	private final String param;

	public InvalidAttemptException(String param, String message) {
		super(message);
		this.param = param;
	}

	/** The attempt parameter at fault. */
	public String param() {
		return this.param;
	}

}
