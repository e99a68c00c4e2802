package dev.stile.api;

import java.io.IOException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders errors raised outside Spring MVC (by the servlet container or a filter) in the
 * API's envelope instead of an HTML page. It writes the response itself rather than
 * through message converters, which read request headers that may be the very reason for
 * the error.
 */
@RestController
class ApiErrorController implements ErrorController {

	private final ErrorWriter errorWriter;

	ApiErrorController(ErrorWriter errorWriter) {
		this.errorWriter = errorWriter;
	}

	@RequestMapping("/error")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null) {
			// Asked for directly, not forwarded by the container: there is nothing here.
			this.errorWriter.write(request, response,
					ApiException.notFoundPath(request.getMethod(), request.getRequestURI()));
			return;
		}
		HttpStatus status = HttpStatus.resolve((code instanceof Integer value) ? value : 500);
		if (status == HttpStatus.NOT_IMPLEMENTED || status == HttpStatus.METHOD_NOT_ALLOWED) {
			// The container's answer to a method it does not know (CONNECT) or refuses
			// (TRACE).
			this.errorWriter.write(request, response,
					new ApiException(HttpStatus.METHOD_NOT_ALLOWED, ErrorType.INVALID_REQUEST_ERROR,
							"method_not_allowed",
							"The " + request.getMethod() + " method is not allowed on this server.", null));
			return;
		}
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
				&& ApiExceptionHandler.isDatabaseUnavailable(failure)) {
			// Raised outside MVC, e.g. while authenticating a key: the database is gone,
			// not the request bad.
			response.setHeader("Retry-After", "1");
			this.errorWriter.write(request, response, ApiExceptionHandler.serviceUnavailable());
			return;
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
		this.errorWriter.write(request, response, exception);
	}

}
