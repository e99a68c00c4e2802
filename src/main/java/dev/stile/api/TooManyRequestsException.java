package dev.stile.api;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/**
 * A 429 {@code rate_limit_error} that may say when to try again: rendered with a
 * {@code Retry-After} header of whole seconds, rounded up.
 */
public class TooManyRequestsException extends ApiException {

	private final Duration retryAfter;

	/**
	 * @param retryAfter when the caller may try again, or {@code null} when waiting will
	 * not help
	 */
	public TooManyRequestsException(String code, String message, String param, Duration retryAfter) {
		super(HttpStatus.TOO_MANY_REQUESTS, ErrorType.RATE_LIMIT_ERROR, code, message, param);
		this.retryAfter = retryAfter;
	}

	/** Whole seconds to wait, at least 1, or {@code null}. */
	public Long retryAfterSeconds() {
		if (this.retryAfter == null) {
			return null;
		}
		long seconds = this.retryAfter.toSeconds() + ((this.retryAfter.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
