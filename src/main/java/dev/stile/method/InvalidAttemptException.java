package dev.stile.method;

/**
 * An attempt whose input cannot even be judged (a missing field, a malformed date), or
 * that the session is not ready for: the user is asked again, and no result is written. A
 * photo that cannot be read is not such a case: reading it is the attempt.
 */
public class InvalidAttemptException extends RuntimeException {

	private final String param;

	private final String code;

	private final boolean conflict;

	public InvalidAttemptException(String param, String message) {
		this(param, "parameter_invalid", message, false);
	}

	private InvalidAttemptException(String param, String code, String message, boolean conflict) {
		super(message);
		this.param = param;
		this.code = code;
		this.conflict = conflict;
	}

	/** A required parameter is absent. */
	public static InvalidAttemptException missing(String param) {
		return new InvalidAttemptException(param, "parameter_missing", "Missing required parameter: " + param + ".",
				false);
	}

	/**
	 * The input may be fine, but the session lacks what it needs to judge it (a 409 with
	 * its own code).
	 */
	public static InvalidAttemptException conflict(String param, String code, String message) {
		return new InvalidAttemptException(param, code, message, true);
	}

	/** The attempt parameter at fault. */
	public String param() {
		return this.param;
	}

	/** The error's machine-readable code, e.g. {@code parameter_invalid}. */
	public String code() {
		return this.code;
	}

	/** Whether the session's state, not the input, is at fault. */
	public boolean isConflict() {
		return this.conflict;
	}

}
