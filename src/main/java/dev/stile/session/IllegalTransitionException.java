package dev.stile.session;

/**
 * A status change the graph of {@link SessionStatus} does not allow.
 */
class IllegalTransitionException extends RuntimeException {

	private final SessionStatus from;

	private final SessionStatus to;

	IllegalTransitionException(SessionStatus from, SessionStatus to) {
		super("A " + from.apiName() + " session cannot become " + to.apiName());
		this.from = from;
		this.to = to;
	}

	SessionStatus from() {
		return this.from;
	}

	SessionStatus to() {
		return this.to;
	}

}
