package dev.stile.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Requests the security firewall refuses (a header value outside printable ASCII, a path
 * with traversal or encoded separators) are answered in the API's envelope, not as a
 * server error.
 */
@Configuration(proxyBeanMethods = false)
class RequestRejectedConfiguration {

	@Bean
	RequestRejectedHandler requestRejectedHandler(ErrorWriter errors) {
		return (request, response, rejected) -> errors.write(request, response, new ApiException(HttpStatus.BAD_REQUEST,
				ErrorType.INVALID_REQUEST_ERROR, "request_rejected",
				"The request was refused: a header, the path or a parameter holds characters that are not allowed.",
				null));
	}

}
