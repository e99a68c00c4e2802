package dev.stile.session;

/**
 * The answer to a method attempt: the result it wrote and the session after it.
 */
public record AttemptResponse(String object, Object result, ClientSessionView session) {

	/** The id of the result the attempt wrote. */
	public String resultId() {
		return ((SessionView.ResultView) this.result).id();
	}

	/**
	 * The result's status: {@code verified}, {@code failed} or {@code requires_input}.
	 */
	public String resultStatus() {
		return ((SessionView.ResultView) this.result).status();
	}

	static AttemptResponse of(VerificationResult result, ClientSessionView session) {
		return new AttemptResponse("verification_attempt", SessionView.ResultView.of(result), session);
	}

}
