package dev.stile.apikey;

import java.io.IOException;

import dev.stile.api.ApiException;
import dev.stile.api.ErrorType;
import dev.stile.api.ErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;

/**
 * Spring's CORS processing, refusing a cross-origin request the widget's configuration
 * does not allow (another method, header or origin) in the API's envelope rather than
 * with a bare "Invalid CORS request".
 */
class EnvelopeCorsProcessor extends DefaultCorsProcessor {

	private final ErrorWriter errors;

	EnvelopeCorsProcessor(ErrorWriter errors) {
		this.errors = errors;
	}

	@Override
	public boolean processRequest(CorsConfiguration configuration, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (super.processRequest(configuration, request, response)) {
			return true;
		}
		this.errors.write(request, response,
				new ApiException(HttpStatus.FORBIDDEN, ErrorType.PERMISSION_ERROR, "cors_refused",
						"This cross-origin request is not allowed: its origin, method or headers are not "
								+ "among those the widget's API accepts.",
						null));
		return false;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) {
		// The refusal is written by processRequest, with the request's id.
	}

}
