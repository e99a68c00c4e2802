package dev.stile.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.stile.support.TestOrganization;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every validation rule of {@code POST /v1/verification_sessions}: a refused request is a
 * 400 naming the offending parameter and writes nothing.
 */
@IntegrationTest
class CreateSessionValidationTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	@Autowired
	Api api;

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidRequests")
	void anInvalidParameterIsNamedAndNothingIsWritten(String rule, Map<String, Object> body, String param) {
		String key = TestOrganization.create(this.api).testSecretKey();

		Response response = this.api.post(key, SESSIONS, body);

		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.error().get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(response.error().get("code").asString()).isIn("parameter_invalid", "parameter_missing");
		assertThat(response.error().get("param").asString()).isEqualTo(param);
		assertThat(response.error().get("message").asString()).isNotBlank();
		assertThat(sessionCount(key)).isZero();
	}

	static Stream<Arguments> invalidRequests() {
		return Stream.of(invalid("type missing", "type", "methods", List.of("mdl")),
				invalid("type null", "type", "type", null), invalid("type unknown", "type", "type", "passport"),
				invalid("type in upper case", "type", "type", "AGE"),
				invalid("methods empty", "methods", "type", "age", "methods", List.of()),
				invalid("methods unknown", "methods[1]", "type", "age", "methods", List.of("mdl", "retina_scan")),
				invalid("methods duplicate", "methods[2]", "type", "age", "methods",
						List.of("mdl", "facial_age", "mdl")),
				invalid("methods null element", "methods[1]", "type", "age", "methods",
						Arrays.asList("facial_age", null)),
				invalid("methods in upper case", "methods[0]", "type", "age", "methods", List.of("MDL")),
				invalid("use_case unknown", "use_case", "type", "age", "use_case", "bungee_jumping"),
				invalid("use_case empty", "use_case", "type", "age", "use_case", ""),
				invalid("return_url relative", "return_url", "type", "age", "return_url", "/done"),
				invalid("return_url without scheme", "return_url", "type", "age", "return_url", "example.com/done"),
				invalid("return_url ftp", "return_url", "type", "age", "return_url", "ftp://example.com/done"),
				invalid("return_url http to a public host", "return_url", "type", "age", "return_url",
						"http://example.com/done"),
				invalid("return_url http to a host that only starts with localhost", "return_url", "type", "age",
						"return_url", "http://localhost.example.com/done"),
				invalid("return_url javascript", "return_url", "type", "age", "return_url", "javascript:alert(1)"),
				invalid("return_url with credentials", "return_url", "type", "age", "return_url",
						"https://user:secret@example.com/done"),
				invalid("return_url with a space", "return_url", "type", "age", "return_url",
						"https://example.com/a b"),
				invalid("return_url too long", "return_url", "type", "age", "return_url",
						"https://example.com/" + "a".repeat(2100)),
				invalid("cancel_url relative", "cancel_url", "type", "age", "cancel_url", "/cancel"),
				invalid("cancel_url ftp", "cancel_url", "type", "age", "cancel_url", "ftp://example.com/cancel"),
				invalid("cancel_url http to a public host", "cancel_url", "type", "age", "cancel_url",
						"http://example.com/cancel"),
				invalid("client_reference_id over 500", "client_reference_id", "type", "age", "client_reference_id",
						"r".repeat(501)),
				invalid("metadata with 51 keys", "metadata", "type", "age", "metadata", metadataWithKeys(51)),
				invalid("metadata key of 41 characters", "metadata", "type", "age", "metadata",
						Map.of("k".repeat(41), "v")),
				invalid("metadata empty key", "metadata", "type", "age", "metadata", Map.of("", "v")),
				invalid("metadata value of 501 characters", "metadata[note]", "type", "age", "metadata",
						Map.of("note", "v".repeat(501))),
				invalid("metadata null value", "metadata[note]", "type", "age", "metadata", mapOfNull("note")),
				invalid("jurisdiction lower case", "jurisdiction", "type", "age", "jurisdiction", "us-ca"),
				invalid("jurisdiction alpha-3", "jurisdiction", "type", "age", "jurisdiction", "USA"),
				invalid("jurisdiction long subdivision", "jurisdiction", "type", "age", "jurisdiction", "US-CALI"),
				invalid("jurisdiction underscore", "jurisdiction", "type", "age", "jurisdiction", "US_CA"),
				invalid("jurisdiction empty", "jurisdiction", "type", "age", "jurisdiction", ""),
				invalid("custom_user_message over 500", "custom_user_message", "type", "age", "custom_user_message",
						"m".repeat(501)),
				invalid("custom_user_message blank", "custom_user_message", "type", "age", "custom_user_message",
						"   "),
				invalid("email without at", "email", "type", "age", "email", "jane.example.com"),
				invalid("email without domain dot", "email", "type", "age", "email", "jane@example"),
				invalid("email with a space", "email", "type", "age", "email", "jane doe@example.com"),
				invalid("phone without plus", "phone", "type", "age", "phone", "14155552671"),
				invalid("phone with spaces", "phone", "type", "age", "phone", "+1 415 555 2671"),
				invalid("phone starting with zero", "phone", "type", "age", "phone", "+04155552671"),
				invalid("phone too long", "phone", "type", "age", "phone", "+1234567890123456"),
				invalid("accept_existing without email or phone", "accept_existing", "type", "age", "accept_existing",
						true),
				invalid("min_strength unknown", "min_strength", "type", "age", "min_strength", "strong"),
				invalid("max_age without unit", "max_age", "type", "age", "max_age", "30"),
				invalid("max_age zero", "max_age", "type", "age", "max_age", "0d"),
				invalid("max_age spelled out", "max_age", "type", "age", "max_age", "30days"),
				invalid("max_age leading zero", "max_age", "type", "age", "max_age", "030d"),
				invalid("max_age over four digits", "max_age", "type", "age", "max_age", "10000d"),
				invalid("required_methods unknown", "required_methods[0]", "type", "age", "required_methods",
						List.of("retina_scan")),
				invalid("required_methods duplicate", "required_methods[1]", "type", "age", "required_methods",
						List.of("mdl", "mdl")),
				invalid("delivery_jurisdiction malformed", "delivery_jurisdiction", "type", "age",
						"delivery_jurisdiction", "california"),
				invalid("delivery_jurisdiction lower case", "delivery_jurisdiction", "type", "age",
						"delivery_jurisdiction", "us-or"),
				invalid("idempotency_key blank", "idempotency_key", "type", "age", "idempotency_key", " "),
				invalid("idempotency_key over 255", "idempotency_key", "type", "age", "idempotency_key",
						"i".repeat(256)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validEdges")
	void valuesAtTheEdgeOfEachRuleAreAccepted(String rule, Map<String, Object> body) {
		String key = TestOrganization.create(this.api).testSecretKey();

		Response response = this.api.post(key, SESSIONS, body);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(sessionCount(key)).isEqualTo(1);
	}

	static Stream<Arguments> validEdges() {
		return Stream.of(
				valid("http to localhost in test mode", "type", "age", "return_url", "http://localhost:3000/done",
						"cancel_url", "http://127.0.0.1:8080/cancel"),
				valid("client_reference_id of 500", "type", "age", "client_reference_id", "r".repeat(500)),
				valid("metadata at its limits", "type", "age", "metadata", metadataAtLimits()),
				valid("custom_user_message of 500", "type", "age", "custom_user_message", "m".repeat(500)),
				valid("country and subdivision codes", "type", "age", "jurisdiction", "US", "delivery_jurisdiction",
						"CA-QC"),
				valid("accept_existing with a phone", "type", "age", "accept_existing", true, "phone", "+14155552671",
						"min_strength", "document_capture", "max_age", "9999d", "required_methods",
						List.of("mdl", "mid")),
				valid("accept_existing with an email", "type", "identity", "accept_existing", true, "email",
						"jane@example.com", "max_age", "1d"));
	}

	@Test
	void httpToLocalhostIsRefusedInLiveMode() {
		String liveKey = TestOrganization.create(this.api).liveSecretKey();

		Response response = this.api.post(liveKey, SESSIONS,
				Map.of("type", "age", "jurisdiction", "US-CA", "return_url", "http://localhost:3000/done"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("return_url");
	}

	@Test
	void refusedRequestsWriteNoSession() {
		String key = TestOrganization.create(this.api).testSecretKey();
		List<String> accepted = new ArrayList<>();

		invalidRequests().forEach((arguments) -> {
			Response response = this.api.post(key, SESSIONS, arguments.get()[1]);
			if (response.status() != 400) {
				accepted.add((String) arguments.get()[0]);
			}
		});
		Response valid = this.api.post(key, SESSIONS, Map.of("type", "age"));

		assertThat(accepted).isEmpty();
		assertThat(valid.status()).isEqualTo(200);
		List<String> listed = new ArrayList<>();
		this.api.get(key, SESSIONS + "?limit=100")
			.json()
			.get("data")
			.forEach((s) -> listed.add(s.get("id").asString()));
		assertThat(listed).containsExactly(valid.json().get("id").asString());
	}

	private int sessionCount(String key) {
		Response list = this.api.get(key, SESSIONS + "?limit=100");
		assertThat(list.status()).isEqualTo(200);
		return list.json().get("data").size();
	}

	private static Arguments invalid(String rule, String param, Object... keysAndValues) {
		return Arguments.of(rule, body(keysAndValues), param);
	}

	private static Arguments valid(String rule, Object... keysAndValues) {
		return Arguments.of(rule, body(keysAndValues));
	}

	private static Map<String, Object> body(Object... keysAndValues) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			body.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return body;
	}

	private static Map<String, String> metadataWithKeys(int count) {
		Map<String, String> metadata = new LinkedHashMap<>();
		IntStream.range(0, count).forEach((i) -> metadata.put("key" + i, "value"));
		return metadata;
	}

	private static Map<String, String> metadataAtLimits() {
		Map<String, String> metadata = metadataWithKeys(49);
		metadata.put("k".repeat(40), "v".repeat(500));
		return metadata;
	}

	private static Map<String, String> mapOfNull(String key) {
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put(key, null);
		return metadata;
	}

}
