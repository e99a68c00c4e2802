package dev.stile.api;

import org.springframework.http.HttpStatus;

/**
 * An error the API reports to its caller in the documented envelope:
 * {@code {"error":{"type","code","message","param","request_id"}}}.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final ErrorType type;

	private final String code;

	private final String param;

	public ApiException(HttpStatus status, ErrorType type, String code, String message, String param) {
		super(message);
		this.status = status;
		this.type = type;
		this.code = code;
		this.param = param;
	}

	/** A 400 for a parameter that is present but wrong. */
	public static ApiException invalid(String param, String message) {
		return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "parameter_invalid", message,
				param);
	}

	/** A 400 for a required parameter that is absent. */
	public static ApiException missing(String param) {
		return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "parameter_missing",
				"Missing required parameter: " + param + ".", param);
	}

	/** A 404 that says nothing about objects the caller may not see. */
	public static ApiException notFound(String objectName, String id, String param) {
		return new ApiException(HttpStatus.NOT_FOUND, ErrorType.INVALID_REQUEST_ERROR, "resource_missing",
				"No such " + objectName + ": '" + id + "'", param);
	}

	/** A 404 for a path nothing is mapped to. */
	public static ApiException notFoundPath(String method, String path) {
		return new ApiException(HttpStatus.NOT_FOUND, ErrorType.INVALID_REQUEST_ERROR, "resource_missing",
				"Unrecognized request URL (" + method + ": " + path + ").", null);
	}

	public HttpStatus status() {
		return this.status;
	}

	public ErrorType type() {
		return this.type;
	}

	public String code() {
		return this.code;
	}

	public String param() {
		return this.param;
	}

}
