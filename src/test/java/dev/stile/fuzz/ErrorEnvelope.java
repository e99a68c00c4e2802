package dev.stile.fuzz;

import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every error answer must be: JSON, the envelope with a known {@code type}, a code,
 * a message that names no implementation detail, and the {@code Request-Id} header's id.
 */
final class ErrorEnvelope {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> ERROR_TYPES = Set.of("invalid_request_error", "authentication_error",
			"permission_error", "idempotency_error", "rate_limit_error", "api_error");

	private ErrorEnvelope() {
	}

	/**
	 * The error object of an answer, or the reason it is not one.
	 * @return the envelope's {@code error} node, or a {@link String} naming the problem
	 */
	static Object read(RawHttp.Reply reply) {
		String type = reply.headers().getOrDefault("content-type", "");
		if (!type.startsWith("application/json")) {
			return "error is not JSON but " + type;
		}
		JsonNode body;
		try {
			body = JSON.readTree(reply.body());
		}
		catch (RuntimeException ex) {
			return "error body is not JSON";
		}
		JsonNode error = body.get("error");
		if (error == null || body.size() != 1) {
			return "not the error envelope";
		}
		for (String field : List.of("type", "code", "message", "param", "request_id")) {
			if (!error.has(field)) {
				return "envelope without " + field;
			}
		}
		if (!ERROR_TYPES.contains(error.get("type").asString()) || error.get("code").asString().isBlank()
				|| error.get("message").asString().isBlank()) {
			return "envelope with an unknown type or a blank code or message";
		}
		if (!error.get("request_id").asString().startsWith("req_")
				|| !error.get("request_id").asString().equals(reply.headers().get("request-id"))) {
			return "request id missing or not the Request-Id header";
		}
		if (error.get("message")
			.asString()
			.matches("(?s).*(Exception|java\\.|springframework|jackson|dev\\.stile).*")) {
			return "message leaks implementation detail";
		}
		return error;
	}

}
