package dev.stile.api;

import java.util.Locale;

/**
 * The {@code type} of an API error.
 */
public enum ErrorType {

	INVALID_REQUEST_ERROR, AUTHENTICATION_ERROR, PERMISSION_ERROR, IDEMPOTENCY_ERROR, RATE_LIMIT_ERROR, API_ERROR;

	/** The type as the API names it. */
	public String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
