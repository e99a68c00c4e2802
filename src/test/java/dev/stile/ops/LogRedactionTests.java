package dev.stile.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class LogRedactionTests {

	@Autowired
	Api api;

	@Test
	void keysSecretsAndPersonalDataNeverReachTheLogsEvenWhenARequestFails(CapturedOutput output) {
		TestOrganization organization = TestOrganization.create(this.api);
		String secretKey = organization.testSecretKey();
		String publishableKey = organization.testPublishableKey();
		String unknownKey = "vk_test_" + digits(24);
		String email = "log.probe." + digits(8) + "@example.com";
		String phone = "+1415555" + digits(4);
		String birthDate = "1961-07-" + (10 + ThreadLocalRandom.current().nextInt(18));
		List<String> requestIds = new ArrayList<>();

		Response created = this.api.post(secretKey, "/v1/verification_sessions",
				Map.of("type", "age", "methods", List.of("self_attestation"), "email", email, "phone", phone));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		String clientSecret = created.json().get("client_secret").asString();
		requestIds.add(created.header("Request-Id"));
		// Failing requests carrying the same values: bad fields, bad JSON, bad keys,
		// a publishable key out of scope, a key in the query string.
		requestIds
			.add(this.api
				.post(secretKey, "/v1/verification_sessions", Map.of("type", "age", "email", email + " " + birthDate,
						"phone", phone + "x", "birth_date", birthDate))
				.header("Request-Id"));
		requestIds.add(this.api.call("POST", "/v1/verification_sessions")
			.key(secretKey)
			.raw("{\"type\":\"age\",\"email\":\"" + email + "\",\"phone\":" + phone, "application/json")
			.send()
			.header("Request-Id"));
		requestIds.add(this.api.get(unknownKey, "/v1/verification_sessions").header("Request-Id"));
		requestIds.add(this.api.get(publishableKey, "/v1/verification_sessions?email=" + email).header("Request-Id"));
		requestIds.add(this.api.get(null, "/v1/verification_sessions?key=" + secretKey).header("Request-Id"));
		requestIds.add(this.api.call("POST", "/v1/client/session/attempts")
			.key(clientSecret)
			.json(Map.of("method", "self_attestation", "birth_date", birthDate + "T00", "confirm", true))
			.send()
			.header("Request-Id"));
		requestIds.add(this.api.call("POST", "/v1/client/session/attempts")
			.key(clientSecret)
			.json(Map.of("method", "self_attestation", "birth_date", birthDate, "confirm", true))
			.send()
			.header("Request-Id"));
		requestIds.add(this.api.call("POST", "/v1/client/session/attempts")
			.key(clientSecret + "x")
			.json(Map.of("method", "self_attestation", "birth_date", birthDate, "confirm", true))
			.send()
			.header("Request-Id"));

		String logs = output.getAll();
		for (String secret : List.of(secretKey, publishableKey, unknownKey, clientSecret, email, phone, birthDate,
				phone.substring(2))) {
			assertThat(logs).as("the logs leak %s", secret).doesNotContain(secret);
		}
		// Not vacuous: every one of these requests was logged, with its request id.
		assertThat(requestIds).doesNotContainNull();
		for (String requestId : requestIds) {
			assertThat(logs).as("a log line of %s", requestId).contains("[" + requestId + "]");
		}
	}

	private static String digits(int count) {
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < count; i++) {
			digits.append(ThreadLocalRandom.current().nextInt(10));
		}
		return digits.toString();
	}

}
