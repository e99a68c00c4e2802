package dev.stile.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.hibernate.exception.JDBCConnectionException;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure, ours and the framework's, as the documented error envelope. No
 * class name, stack trace or parser message reaches the client.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ErrorBody> api(ApiException exception, HttpServletRequest request) {
		return render(exception, request);
	}

	@ExceptionHandler(TooManyRequestsException.class)
	ResponseEntity<ErrorBody> tooManyRequests(TooManyRequestsException exception, HttpServletRequest request) {
		ResponseEntity<ErrorBody> response = render(exception, request);
		Long seconds = exception.retryAfterSeconds();
		if (seconds == null) {
			return response;
		}
		return ResponseEntity.status(response.getStatusCode())
			.header(HttpHeaders.RETRY_AFTER, seconds.toString())
			.body(response.getBody());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException exception, HttpServletRequest request) {
		return render(describeUnreadable(exception), request);
	}

	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ResponseEntity<ErrorBody> uploadTooLarge(HttpServletRequest request) {
		return render(new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "body_too_large",
				"The upload is too large.", "image"), request);
	}

	@ExceptionHandler({ MultipartException.class, MissingServletRequestPartException.class })
	ResponseEntity<ErrorBody> badMultipart(HttpServletRequest request) {
		return render(
				new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "body_invalid",
						"The multipart body could not be read; send method and image as multipart/form-data.", "body"),
				request);
	}

	/**
	 * The security firewall checks header values when they are read, so a header with
	 * characters outside printable ASCII can surface here, from a controller.
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<ErrorBody> rejected(HttpServletRequest request) {
		return render(new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "request_rejected",
				"The request was refused: a header, the path or a parameter holds characters that are not allowed.",
				null), request);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ErrorBody> unsupportedMediaType(HttpServletRequest request) {
		return render(RequestShapeFilter.unsupportedMediaType(), request);
	}

	@ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
	ResponseEntity<ErrorBody> notAcceptable(HttpServletRequest request) {
		return render(new ApiException(HttpStatus.NOT_ACCEPTABLE, ErrorType.INVALID_REQUEST_ERROR, "not_acceptable",
				"This API only answers with application/json.", null), request);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ErrorBody> methodNotAllowed(HttpRequestMethodNotSupportedException exception,
			HttpServletRequest request) {
		ResponseEntity<ErrorBody> response = render(new ApiException(HttpStatus.METHOD_NOT_ALLOWED,
				ErrorType.INVALID_REQUEST_ERROR, "method_not_allowed",
				"The " + exception.getMethod() + " method is not allowed on " + request.getRequestURI() + ".", null),
				request);
		return ResponseEntity.status(response.getStatusCode())
			.headers((headers) -> headers.setAllow(exception.getSupportedHttpMethods()))
			.body(response.getBody());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ErrorBody> badQueryValue(MethodArgumentTypeMismatchException exception, HttpServletRequest request) {
		return render(ApiException.invalid(exception.getName(), "Invalid value for " + exception.getName() + "."),
				request);
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ErrorBody> missingQueryValue(MissingServletRequestParameterException exception,
			HttpServletRequest request) {
		return render(ApiException.missing(exception.getParameterName()), request);
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ErrorBody> noSuchUrl(HttpServletRequest request) {
		return render(ApiException.notFoundPath(request.getMethod(), request.getRequestURI()), request);
	}

	@ExceptionHandler(ObjectOptimisticLockingFailureException.class)
	ResponseEntity<ErrorBody> concurrentUpdate(HttpServletRequest request) {
		return render(
				new ApiException(HttpStatus.CONFLICT, ErrorType.INVALID_REQUEST_ERROR, "concurrent_update",
						"The object was changed by another request at the same time; retry the request.", null),
				request);
	}

	/**
	 * The database is unreachable (stopped, restarting, connections cut): a 503 the
	 * client may retry, by idempotency key, rather than a 500. Other data access failures
	 * stay unexpected.
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class, JDBCConnectionException.class,
			jakarta.persistence.PersistenceException.class })
	ResponseEntity<ErrorBody> databaseUnavailable(Exception exception, HttpServletRequest request) {
		if (!isDatabaseUnavailable(exception)) {
			return unexpected(exception, request);
		}
		logger.warn("Database unavailable serving {} {} (request {}): {}", request.getMethod(), request.getRequestURI(),
				RequestIds.of(request), exception.toString());
		ResponseEntity<ErrorBody> response = render(serviceUnavailable(), request);
		return ResponseEntity.status(response.getStatusCode())
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(response.getBody());
	}

	/**
	 * Whether {@code exception} says the database could not be reached or dropped the
	 * connection: Spring's resource-failure and transient exceptions, a transaction that
	 * could not begin, Hibernate's connection exception, a commit or rollback failing in
	 * JDBC, or SQLSTATE class 08 (connection exception) or 57P (operator intervention:
	 * shutdown, terminated backend) anywhere in the causes.
	 */
	static ApiException serviceUnavailable() {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ErrorType.API_ERROR, "service_unavailable",
				"The service is temporarily unavailable; retry the request (with the same Idempotency-Key) shortly.",
				null);
	}

	static boolean isDatabaseUnavailable(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof JDBCConnectionException) {
				return true;
			}
			if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
			if (cause instanceof java.sql.SQLTransientConnectionException) {
				return true;
			}
			// Commit or rollback failing in JDBC: the connection broke under the
			// transaction (a healthy one does not fail to roll back), and the pool's
			// proxy
			// reports it without an SQLSTATE.
			if (cause instanceof org.hibernate.TransactionException
					&& cause.getCause() instanceof java.sql.SQLException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ErrorBody> unexpected(Exception exception, HttpServletRequest request) {
		logger.error("Unexpected error serving {} {} (request {})", request.getMethod(), request.getRequestURI(),
				RequestIds.of(request), exception);
		return render(new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, ErrorType.API_ERROR, "internal_error",
				"An unexpected error occurred. Quote the request id if you contact support.", null), request);
	}

	private static ApiException describeUnreadable(HttpMessageNotReadableException exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
				return BodySizeLimitFilter.tooLarge(tooLarge.maxBytes());
			}
			if (cause instanceof UnrecognizedPropertyException unknown) {
				String param = path(unknown.getPath());
				if (param.isBlank() || !StrictText.isAcceptable(param)) {
					return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR,
							"parameter_unknown", "Received a parameter whose name is empty or not valid text.", "body");
				}
				return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "parameter_unknown",
						"Received unknown parameter: " + param + ".", param);
			}
			if (cause instanceof MismatchedInputException mismatch) {
				String param = path(mismatch.getPath());
				if (param.isEmpty()) {
					return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "body_invalid",
							"The request body must be a JSON object.", "body");
				}
				if (StrictText.REFUSAL.equals(mismatch.getOriginalMessage())) {
					return ApiException.invalid(param,
							"Invalid " + param + ": it contains a NUL character or an unpaired surrogate.");
				}
				return ApiException.invalid(param,
						"Invalid " + param + ": expected " + describe(mismatch.getTargetType()) + ".");
			}
			if (cause instanceof StreamReadException read && read.getOriginalMessage() != null
					&& read.getOriginalMessage().startsWith("Duplicate") && read.processor() != null
					&& read.processor().currentName() != null) {
				String param = read.processor().currentName();
				return ApiException.invalid(param, "The parameter " + param + " is given twice.");
			}
			if (cause instanceof StreamReadException) {
				return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "body_invalid",
						"The request body is not valid JSON.", "body");
			}
		}
		return new ApiException(HttpStatus.BAD_REQUEST, ErrorType.INVALID_REQUEST_ERROR, "body_invalid",
				"The request body is missing or not a JSON object.", "body");
	}

	private static String path(List<JacksonException.Reference> references) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : references) {
			if (reference.getPropertyName() != null) {
				if (path.length() > 0) {
					path.append('[').append(reference.getPropertyName()).append(']');
				}
				else {
					path.append(reference.getPropertyName());
				}
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String describe(Class<?> type) {
		if (type == null) {
			return "a different type";
		}
		if (CharSequence.class.isAssignableFrom(type)) {
			return "a string";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "a boolean";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "a number";
		}
		if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return "an object";
	}

	private static ResponseEntity<ErrorBody> render(ApiException exception, HttpServletRequest request) {
		return ResponseEntity.status(exception.status()).body(ErrorBody.of(exception, RequestIds.of(request)));
	}

}
