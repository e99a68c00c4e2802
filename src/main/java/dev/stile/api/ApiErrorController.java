package dev.stile.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders errors raised outside Spring MVC (by the servlet container or a filter) in the
 * API's envelope instead of an HTML page.
 */
@RestController
class ApiErrorController implements ErrorController {

	@RequestMapping("/error")
	ResponseEntity<ErrorBody> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& ApiExceptionHandler.isDatabaseUnavailable(failure)) {
			// Raised outside MVC, e.g. while authenticating a key: the database is gone,
			// not the request bad.
			String requestId = RequestIds.of(request);
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(RequestIds.HEADER, requestId)
				.header("Retry-After", "1")
				.body(ErrorBody.of(ApiExceptionHandler.serviceUnavailable(), requestId));
		}
		if (status == null || !status.isError()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ApiException exception = status.is4xxClientError()
				? new ApiException(status, ErrorType.INVALID_REQUEST_ERROR,
						(status == HttpStatus.NOT_FOUND) ? "resource_missing" : "request_invalid",
						"The request could not be understood (" + status.value() + " " + status.getReasonPhrase()
								+ ").",
						null)
				: new ApiException(status, ErrorType.API_ERROR, "internal_error",
						"An unexpected error occurred. Quote the request id if you contact support.", null);
		// The container may answer before any filter ran (a TRACE request, a malformed
		// line).
		String requestId = RequestIds.of(request);
		return ResponseEntity.status(status)
			.header(RequestIds.HEADER, requestId)
			.body(ErrorBody.of(exception, requestId));
	}

}
