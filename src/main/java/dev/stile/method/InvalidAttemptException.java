package dev.stile.method;

/**
 * An attempt whose input cannot even be judged (a missing field, a malformed date): the
 * user is asked again, and no result is written. A photo that cannot be read is not such
 * a case: reading it is the attempt.
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
