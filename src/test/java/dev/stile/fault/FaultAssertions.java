package dev.stile.fault;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failure caused by the database must look like to a client. */
final class FaultAssertions {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private FaultAssertions() {
	}

	/** A 5xx in the API's envelope, of type api_error: never an HTML page or a stack. */
	static JsonNode assertServerErrorEnvelope(int status, String contentType, String body) {
		assertThat(status).as(body).isBetween(500, 599);
		assertThat(contentType).as(body).startsWith("application/json");
		assertThat(body).doesNotContainIgnoringCase("<html").doesNotContain("Exception").doesNotContain("java.");
		JsonNode error = JSON.readTree(body).get("error");
		assertThat(error).as(body).isNotNull();
		assertThat(error.get("type").asString()).isEqualTo("api_error");
		assertThat(error.get("request_id").asString()).startsWith("req_");
		return error;
	}

}
