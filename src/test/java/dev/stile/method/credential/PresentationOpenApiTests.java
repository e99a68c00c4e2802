package dev.stile.method.credential;

import java.util.List;

import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class PresentationOpenApiTests {

	@Autowired
	private Api api;

	@Test
	void theDescriptionNamesThePresentationAndTheTestHandover() {
		JsonNode schemas = this.api.call("GET", "/v1/openapi.json").send().json().get("components").get("schemas");

		assertThat(names(schemas.get("AttemptFields").get("properties"))).contains("presentation", "test_handover");
		assertThat(schemas.get("AttemptFields").get("properties").get("presentation").get("description").asString())
			.contains("base64url")
			.contains("SD-JWT");
		assertThat(names(schemas.get("TestHandover").get("properties"))).containsExactlyInAnyOrder("client_id", "nonce",
				"response_uri", "at");
		assertThat(names(schemas.get("TestHandover").get("required"))).containsExactlyInAnyOrder("client_id", "nonce");
		assertThat(names(schemas.get("ResultView").get("properties"))).contains("issuing_jurisdiction");
	}

	private static List<String> names(JsonNode node) {
		if (node == null) {
			return List.of();
		}
		return node.isArray() ? node.valueStream().map(JsonNode::asString).toList()
				: node.propertyNames().stream().toList();
	}

}
