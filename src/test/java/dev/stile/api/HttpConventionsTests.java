package dev.stile.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.stile.support.TestOrganization;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static dev.stile.support.Api.TEST_PUBLISHABLE_KEY;
import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conventions every endpoint shares: request ids, the error envelope, strict JSON,
 * the body size limit and list parameters.
 */
@IntegrationTest
class HttpConventionsTests {

	private static final String SESSIONS = "/v1/verification_sessions";

	private static final int MAX_BODY = 64 * 1024;

	private static final String NUL = "\0";

	@Autowired
	Api api;

	@Autowired
	WebServerApplicationContext server;

	@Test
	void everySuccessCarriesAFreshRequestId() {
		Response first = this.api.get(TEST_SECRET_KEY, SESSIONS);
		Response second = this.api.post(TEST_SECRET_KEY, SESSIONS, Map.of("type", "age"));

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		assertThat(Ids.hasShape(first.header("Request-Id"), "req")).isTrue();
		assertThat(Ids.hasShape(second.header("Request-Id"), "req")).isTrue();
		assertThat(first.header("Request-Id")).isNotEqualTo(second.header("Request-Id"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errors")
	void everyErrorCarriesItsRequestIdInTheHeaderAndTheEnvelope(String description, String method, String path,
			String key, String textBody, int status) {
		Api.Call call = this.api.call(method, path).key(key);
		if (textBody != null) {
			call.raw(textBody, "text/plain");
		}

		Response response = call.send();

		assertThat(response.status()).isEqualTo(status);
		assertIsEnvelope(response);
	}

	static Stream<Arguments> errors() {
		return Stream.of(Arguments.of("bad parameter", "GET", SESSIONS + "?limit=0", TEST_SECRET_KEY, null, 400),
				Arguments.of("missing key", "GET", SESSIONS, null, null, 401),
				Arguments.of("unknown key", "GET", SESSIONS, "vk_test_nosuchkeynosuchkey01", null, 401),
				Arguments.of("publishable key", "GET", SESSIONS, TEST_PUBLISHABLE_KEY, null, 403),
				Arguments.of("unknown session", "GET", SESSIONS + "/vks_nope", TEST_SECRET_KEY, null, 404),
				Arguments.of("unknown url", "GET", "/v1/no_such_thing", TEST_SECRET_KEY, null, 404),
				Arguments.of("unknown url outside the api", "GET", "/no/such/page", null, null, 404),
				Arguments.of("wrong method", "DELETE", SESSIONS, TEST_SECRET_KEY, null, 405),
				Arguments.of("text body", "POST", SESSIONS, TEST_SECRET_KEY, "type=age", 415),
				Arguments.of("operator token missing", "GET", TestOrganization.ORGANIZATIONS, null, null, 401));
	}

	@ParameterizedTest
	@MethodSource("unreadableBodies")
	void anUnreadableBodyIsABadRequestNamingWhatIsWrong(String body, String param) {
		Response response = this.api.call("POST", SESSIONS).key(TEST_SECRET_KEY).raw(body, "application/json").send();

		assertThat(response.status()).as(body).isEqualTo(400);
		assertIsEnvelope(response);
		assertThat(response.error().get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(response.error().get("param").asString()).as(body).isEqualTo(param);
	}

	static Stream<Arguments> unreadableBodies() {
		return Stream.of(Arguments.of("{\"type\": \"age\"", "body"), Arguments.of("{type: 'age'}", "body"),
				Arguments.of("[{\"type\": \"age\"}]", "body"), Arguments.of("[]", "body"), Arguments.of("", "body"),
				Arguments.of("null", "body"), Arguments.of("\"age\"", "body"), Arguments.of("42", "body"),
				Arguments.of("{\"type\": \"age\"} {\"type\": \"age\"}", "body"), Arguments.of("{\"type\": 5}", "type"),
				Arguments.of("{\"type\": [\"age\"]}", "type"), Arguments.of("{\"type\": {\"name\": \"age\"}}", "type"),
				Arguments.of("{\"type\": \"age\", \"methods\": \"mdl\"}", "methods"),
				Arguments.of("{\"type\": \"age\", \"methods\": [5]}", "methods[0]"),
				Arguments.of("{\"type\": \"age\", \"metadata\": []}", "metadata"),
				Arguments.of("{\"type\": \"age\", \"metadata\": \"order=1\"}", "metadata"),
				Arguments.of("{\"type\": \"age\", \"metadata\": {\"k\": 1}}", "metadata[k]"),
				Arguments.of("{\"type\": \"age\", \"metadata\": {\"k\": {\"nested\": \"v\"}}}", "metadata[k]"),
				Arguments.of("{\"type\": \"age\", \"accept_existing\": \"yes\"}", "accept_existing"),
				Arguments.of("{\"type\": \"age\", \"accept_existing\": 1}", "accept_existing"),
				Arguments.of("{\"type\": \"age\", \"skip_verification\": \"true\"}", "skip_verification"),
				Arguments.of("{\"type\": \"age\", \"client_reference_id\": 123}", "client_reference_id"),
				Arguments.of("{\"type\": \"age\", \"return_url\": true}", "return_url"),
				Arguments.of("{\"type\": \"age\", \"colour\": \"red\"}", "colour"),
				Arguments.of("{\"type\": \"age\", \"useCase\": \"alcohol_delivery\"}", "useCase"),
				Arguments.of("{\"type\": \"age\", \"type\": \"identity\"}", "type"));
	}

	@Test
	void anUnknownTopLevelFieldIsNamedInTheMessage() {
		Response response = this.api.post(TEST_SECRET_KEY, SESSIONS, Map.of("type", "age", "colour", "red"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("code").asString()).isEqualTo("parameter_unknown");
		assertThat(response.error().get("message").asString()).contains("colour");
	}

	@Test
	void aBodyOverTheLimitWithContentLengthIsRefused() {
		Response response = this.api.call("POST", SESSIONS)
			.key(TEST_SECRET_KEY)
			.raw(oversizeBody(), "application/json")
			.send();

		assertThat(response.status()).isEqualTo(400);
		assertIsEnvelope(response);
		assertThat(response.error().get("code").asString()).isEqualTo("body_too_large");
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefused() throws Exception {
		byte[] body = oversizeBody().getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(uri(SESSIONS))
			.header("Authorization", "Bearer " + TEST_SECRET_KEY)
			.header("Content-Type", "application/json")
			// An unknown length makes the client stream the body in chunks.
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();

		Response response = send(request);

		assertThat(response.status()).isEqualTo(400);
		assertIsEnvelope(response);
		assertThat(response.error().get("code").asString()).isEqualTo("body_too_large");
		assertThat(response.error().get("param").asString()).isEqualTo("body");
	}

	@Test
	void aChunkedBodyUnderTheLimitIsAccepted() throws Exception {
		byte[] body = Api.toJson(Map.of("type", "age", "client_reference_id", "chunked"))
			.getBytes(StandardCharsets.UTF_8);
		HttpRequest request = HttpRequest.newBuilder(uri(SESSIONS))
			.header("Authorization", "Bearer " + TEST_SECRET_KEY)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build();

		Response response = send(request);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("client_reference_id").asString()).isEqualTo("chunked");
	}

	@Test
	void aBodyJustUnderTheLimitIsRead() {
		String padding = "x".repeat(MAX_BODY - 100);
		String body = "{\"type\": \"age\", \"client_reference_id\": \"" + padding + "\"}";

		Response response = this.api.call("POST", SESSIONS).key(TEST_SECRET_KEY).raw(body, "application/json").send();

		// Read in full and refused for its content, not its size.
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("client_reference_id");
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=0", "limit=101", "limit=abc", "limit=-1", "limit=1.5", "limit=", "limit=99999" })
	void aLimitOutsideOneToAHundredIsRefused(String query) {
		Response response = this.api.get(TEST_SECRET_KEY, SESSIONS + "?" + query);

		assertThat(response.status()).isEqualTo(400);
		assertIsEnvelope(response);
		assertThat(response.error().get("param").asString()).isEqualTo("limit");
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 100 })
	void theEdgesOfTheLimitAreAccepted(int limit) {
		Response response = this.api.get(TEST_SECRET_KEY, SESSIONS + "?limit=" + limit);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("data").size()).isLessThanOrEqualTo(limit);
	}

	@Test
	void anUnknownStatusFilterIsRefused() {
		Response response = this.api.get(TEST_SECRET_KEY, SESSIONS + "?status=bogus");

		assertThat(response.status()).isEqualTo(400);
		assertIsEnvelope(response);
		assertThat(response.error().get("param").asString()).isEqualTo("status");
	}

	@Test
	void bothCursorsAtOnceAreRefused() {
		String key = TestOrganization.create(this.api).testSecretKey();
		String first = this.api.post(key, SESSIONS, Map.of("type", "age")).json().get("id").asString();
		String second = this.api.post(key, SESSIONS, Map.of("type", "age")).json().get("id").asString();

		Response response = this.api.get(key, SESSIONS + "?starting_after=" + second + "&ending_before=" + first);

		assertThat(response.status()).isEqualTo(400);
		assertIsEnvelope(response);
		assertThat(response.error().get("param").asString()).isIn("starting_after", "ending_before");
	}

	@Test
	void anUnknownCursorIsRefused() {
		Response response = this.api.get(TEST_SECRET_KEY, SESSIONS + "?starting_after=vks_doesnotexist");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("starting_after");
	}

	@Test
	void aListIsTheDocumentedEnvelope() {
		String key = TestOrganization.create(this.api).testSecretKey();
		String first = this.api.post(key, SESSIONS, Map.of("type", "age")).json().get("id").asString();
		String second = this.api.post(key, SESSIONS, Map.of("type", "age")).json().get("id").asString();

		Response page = this.api.get(key, SESSIONS + "?limit=1");
		Response next = this.api.get(key, SESSIONS + "?limit=1&starting_after=" + second);

		assertThat(page.json().get("object").asString()).isEqualTo("list");
		assertThat(page.json().get("url").asString()).isEqualTo(SESSIONS);
		assertThat(page.json().get("has_more").asBoolean()).isTrue();
		assertThat(page.json().get("data").get(0).get("id").asString()).isEqualTo(second);
		assertThat(page.json().get("data").get(0).get("client_secret").isNull()).isTrue();
		assertThat(next.json().get("has_more").asBoolean()).isFalse();
		assertThat(next.json().get("data").get(0).get("id").asString()).isEqualTo(first);
	}

	@Test
	void anUnsupportedMethodIsMethodNotAllowed() {
		Response response = this.api.call("DELETE", SESSIONS).key(TEST_SECRET_KEY).send();

		assertThat(response.status()).isEqualTo(405);
		assertIsEnvelope(response);
		assertThat(response.error().get("code").asString()).isEqualTo("method_not_allowed");
		assertThat(response.header("Allow")).contains("GET").contains("POST");
	}

	@Test
	void aNonJsonBodyIsUnsupportedMediaType() {
		Response response = this.api.call("POST", SESSIONS).key(TEST_SECRET_KEY).raw("type=age", "text/plain").send();

		assertThat(response.status()).isEqualTo(415);
		assertIsEnvelope(response);
		assertThat(response.error().get("type").asString()).isEqualTo("invalid_request_error");
	}

	@Test
	void anUnknownUrlIsResourceMissing() {
		Response response = this.api.get(TEST_SECRET_KEY, "/v1/verification_sessionz");

		assertThat(response.status()).isEqualTo(404);
		assertIsEnvelope(response);
		assertThat(response.error().get("code").asString()).isEqualTo("resource_missing");
	}

	@Test
	void anErrorIsTheJsonEnvelopeWhateverTheClientAccepts() {
		Response response = this.api.call("GET", SESSIONS + "/vks_nope")
			.key(TEST_SECRET_KEY)
			.header("Accept", "text/html")
			.send();

		assertThat(response.status()).isEqualTo(404);
		assertIsEnvelope(response);
	}

	@Test
	void aYamlBodyIsUnsupportedMediaType() {
		String key = TestOrganization.create(this.api).testSecretKey();

		Response response = this.api.call("POST", SESSIONS)
			.key(key)
			.raw("type: age\nclient_reference_id: order-1\nnot_a_parameter: 1\n", "application/yaml")
			.send();

		assertThat(response.status()).isEqualTo(415);
		assertIsEnvelope(response);
		assertThat(this.api.get(key, SESSIONS).json().get("data").isEmpty()).isTrue();
	}

	@Test
	void answersAreJsonEvenWhenAnotherFormatIsAsked() {
		Response response = this.api.call("GET", SESSIONS + "?limit=1")
			.key(TEST_SECRET_KEY)
			.header("Accept", "application/yaml")
			.send();

		assertThat(response.header("Content-Type")).startsWith("application/json");
	}

	@ParameterizedTest
	@MethodSource("nulCharacters")
	void aNulCharacterIsABadRequestNotAServerError(Map<String, Object> body, String param) {
		String key = TestOrganization.create(this.api).testSecretKey();

		Response response = this.api.post(key, SESSIONS, body);

		assertThat(response.status()).isEqualTo(400);
		assertIsEnvelope(response);
		assertThat(response.error().get("param").asString()).startsWith(param);
		assertThat(this.api.get(key, SESSIONS).json().get("data").isEmpty()).isTrue();
	}

	static Stream<Arguments> nulCharacters() {
		return Stream.of(
				Arguments.of(Map.of("type", "age", "client_reference_id", "order" + NUL + "1"), "client_reference_id"),
				Arguments.of(Map.of("type", "age", "custom_user_message", "Hello" + NUL), "custom_user_message"),
				Arguments.of(Map.of("type", "age", "metadata", Map.of("order", "A" + NUL + "1")), "metadata"),
				Arguments.of(Map.of("type", "age", "metadata", Map.of("ord" + NUL + "er", "A-1")), "metadata"));
	}

	@Test
	void aMethodRefusedByTheServletContainerStillCarriesTheRequestId() {
		Response response = this.api.call("TRACE", SESSIONS).key(TEST_SECRET_KEY).send();

		assertThat(response.status()).isEqualTo(405);
		assertIsEnvelope(response);
	}

	@Test
	void aPathRefusedByTheServletContainerIsStillTheEnvelope() {
		Response response = this.api.get(TEST_SECRET_KEY, SESSIONS + "/vks_a%2Fb");

		assertThat(response.status()).isBetween(400, 404);
		assertIsEnvelope(response);
	}

	@Test
	void requestIdsAreUniqueAcrossRequests() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			ids.add(this.api.get(null, SESSIONS).header("Request-Id"));
		}

		assertThat(ids).hasSize(20).allSatisfy((id) -> assertThat(Ids.hasShape(id, "req")).isTrue());
	}

	private static void assertIsEnvelope(Response response) {
		assertThat(response.header("Content-Type")).startsWith("application/json");
		assertThat(response.body()).doesNotContainIgnoringCase("<html");
		String requestId = response.header("Request-Id");
		assertThat(requestId).startsWith("req_");
		assertThat(response.json().propertyNames()).containsExactly("error");
		assertThat(response.error().propertyNames()).containsExactly("type", "code", "message", "param", "request_id");
		assertThat(response.error().get("request_id").asString()).isEqualTo(requestId);
		assertThat(response.error().get("type").asString()).isIn("invalid_request_error", "authentication_error",
				"permission_error", "idempotency_error", "rate_limit_error", "api_error");
		String message = response.error().get("message").asString();
		assertThat(message).isNotBlank()
			.doesNotContain("Exception")
			.doesNotContain("java.")
			.doesNotContain("jackson")
			.doesNotContain("springframework")
			.doesNotContain("dev.stile")
			.doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z][A-Za-z]+");
	}

	private static String oversizeBody() {
		return "{\"type\": \"age\", \"client_reference_id\": \"" + "x".repeat(MAX_BODY + 1) + "\"}";
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.server.getWebServer().getPort() + path);
	}

	private static Response send(HttpRequest request) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.headers().map(), response.body());
	}

}
