package dev.stile.session;

/**
 * The answer to a one-time code: whether it proved the earlier verification, the tries
 * left, and the session after it. {@code result} is present only when the code matched.
 */
public record ReuseResponse(String object, boolean verified, int attemptsLeft, Object result,
		ClientSessionView session) {
}
