package dev.stile.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes the error envelope from places outside Spring MVC (security and servlet
 * filters).
 */
@Component
public class ErrorWriter {

	private final JsonMapper jsonMapper;

	ErrorWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/** Renders {@code exception} as the response, with its status. */
	public void write(HttpServletRequest request, HttpServletResponse response, ApiException exception)
			throws IOException {
		response.setStatus(exception.status().value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader(RequestIds.HEADER, RequestIds.of(request));
		this.jsonMapper.writeValue(response.getOutputStream(), ErrorBody.of(exception, RequestIds.of(request)));
	}

}
