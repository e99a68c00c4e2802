package dev.stile.session;

/**
 * The answer to a method attempt: the result it wrote and the session after it.
 */
public record AttemptResponse(String object, Object result, ClientSessionView session) {

	static AttemptResponse of(VerificationResult result, ClientSessionView session) {
		return new AttemptResponse("verification_attempt", SessionView.ResultView.of(result), session);
	}

}
