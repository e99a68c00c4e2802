package dev.stile.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.stile.method.LicenceImages;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description at {@code /v1/openapi.json} against the server's real answers:
 * every operation it lists is called here, and every request and response, errors
 * included, must validate against it.
 */
@IntegrationTest
class OpenApiContractTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	Api api;

	private String spec;

	private OpenApiInteractionValidator validator;

	private final Map<String, Pattern> operations = new LinkedHashMap<>();

	private final Set<String> exercised = new TreeSet<>();

	private final List<String> failures = new ArrayList<>();

	@BeforeEach
	void readTheDescription() {
		Response served = this.api.call("GET", "/v1/openapi.json").send();
		assertThat(served.status()).isEqualTo(200);
		assertThat(served.header("Content-Type")).startsWith("application/json");
		this.spec = served.body();
		this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(this.spec).build();
		JsonNode paths = JSON.readTree(this.spec).get("paths");
		for (String path : paths.propertyNames()) {
			Pattern template = Pattern.compile(path.replaceAll("\\{[^}]+}", "[^/]+"));
			for (String method : paths.get(path).propertyNames()) {
				this.operations.put(method.toUpperCase() + " " + path, template);
			}
		}
	}

	@Test
	void theDescriptionIsOpenApi3WithEveryPublicEndpointAndNoOperatorOne() {
		JsonNode root = JSON.readTree(this.spec);
		assertThat(root.get("openapi").asString()).startsWith("3.0");
		assertThat(this.operations.keySet()).contains("POST /v1/verification_sessions",
				"GET /v1/verification_sessions/{id}", "POST /v1/verification_sessions/{id}/cancel",
				"GET /v1/verification_sessions", "GET /v1/compliance/check", "POST /v1/webhook_endpoints",
				"GET /v1/events", "POST /v1/client/session/attempts", "POST /v1/widget/sessions",
				"POST /v1/verified_person/lookup");
		assertThat(this.operations.keySet()).noneMatch((operation) -> operation.contains("/admin/"));
		assertThat(root.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
			.isEqualTo("bearer");
		JsonNode session = root.get("components").get("schemas").get("SessionView");
		assertThat(session.get("properties").has("client_secret")).isTrue();
		assertThat(session.get("required").toString()).contains("\"status\"", "\"expires_at\"");
	}

	@Test
	void everyOperationAnswersAsDescribed() {
		TestOrganization organization = TestOrganization.create(this.api);
		String key = organization.testSecretKey();
		String publishable = organization.testPublishableKey();
		String email = "contract-" + System.nanoTime() + "@example.com";

		// Verification sessions.
		JsonNode session = call("POST", "/v1/verification_sessions", key,
				Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "US-CA", "email", email,
						"methods", List.of("document_capture", "self_attestation"), "metadata",
						Map.of("order", "1001")),
				200);
		String id = session.get("id").asString();
		String secret = session.get("client_secret").asString();
		call("GET", "/v1/verification_sessions/" + id, key, null, 200);
		call("GET", "/v1/verification_sessions?limit=2&status=created", key, null, 200);
		call("POST", "/v1/verification_sessions", key, Map.of("type", "passport"), 400);
		call("POST", "/v1/verification_sessions", "vk_test_unknown", Map.of("type", "age"), 401);
		call("GET", "/v1/verification_sessions", publishable, null, 403);
		call("GET", "/v1/verification_sessions/vks_missing", key, null, 404);

		// The widget's client API, through a whole verification: a document photo, then
		// the results.
		call("POST", "/v1/client/session/consent", secret, Map.of("share_verification", true), 200);
		call("POST", "/v1/client/session/start", secret, null, 200);
		call("GET", "/v1/client/session", secret, null, 200);
		multipart(secret, Map.of("method", "document_capture"),
				LicenceImages.photo(LicenceImages.aamva(java.time.LocalDate.of(1990, 5, 17),
						dev.stile.support.TestClock.utcToday().plusYears(3), "D1234567"), 0, false),
				200);
		JsonNode verified = call("GET", "/v1/verification_sessions/" + id + "?expand[]=results", key, null, 200);
		assertThat(verified.get("status").asString()).isEqualTo("verified");
		call("POST", "/v1/verification_sessions/" + id + "/cancel", key, null, 409);

		// A second session: skip, attempt as JSON, cancel from the widget and the API.
		JsonNode other = call("POST", "/v1/verification_sessions", key,
				Map.of("type", "age", "methods", List.of("facial_age", "self_attestation")), 200);
		String otherSecret = other.get("client_secret").asString();
		call("POST", "/v1/client/session/skip", otherSecret, null, 200);
		call("POST", "/v1/client/session/attempts", otherSecret,
				Map.of("method", "self_attestation", "birth_date", "1901-13-40", "confirm", true), 400);
		call("POST", "/v1/client/session/cancel", otherSecret, null, 200);
		JsonNode third = call("POST", "/v1/verification_sessions", key, Map.of("type", "identity"), 200);
		call("POST", "/v1/verification_sessions/" + third.get("id").asString() + "/cancel", key, null, 200);

		// Reuse of the first verification with a one-time code (000000 in test mode).
		JsonNode returning = call("POST", "/v1/verification_sessions", key, Map.of("type", "age", "use_case",
				"alcohol_delivery", "jurisdiction", "US-CA", "email", email, "accept_existing", true), 200);
		String returningSecret = returning.get("client_secret").asString();
		call("POST", "/v1/client/session/reuse/send_code", returningSecret, Map.of("channel", "email"), 200);
		call("POST", "/v1/client/session/reuse/verify", returningSecret, Map.of("code", "000000"), 200);
		JsonNode student = call("POST", "/v1/verification_sessions", key, Map.of("type", "student"), 200);
		call("POST", "/v1/client/session/student/send_code", student.get("client_secret").asString(),
				Map.of("email", "student@mit.edu"), 200);
		String minor = call("POST", "/v1/verification_sessions", key,
				Map.of("type", "age", "methods", List.of("parental_consent")), 200)
			.get("client_secret")
			.asString();
		call("GET", "/v1/client/session/parental_consent", minor, null, 200);
		// No mail server in this test: the request is refused as the description says.
		call("POST", "/v1/client/session/parental_consent/request", minor, Map.of("parent_email", "parent@example.com"),
				409);
		call("GET", "/v1/credential_reuses?limit=5", key, null, 200);
		JsonNode lookup = call("POST", "/v1/verified_person/lookup", key, Map.of("email", email), 200);
		call("GET", "/v1/reuse_settings", key, null, 200);
		call("POST", "/v1/reuse_settings", key, Map.of("max_age_days", 180), 200);
		call("DELETE", "/v1/verified_persons/" + lookup.get("verified_person_id").asString(), key, null, 200);

		// A wallet request for an mDL, and its status; no wallet answered, so no code.
		JsonNode wallet = call("POST", "/v1/verification_sessions", key,
				Map.of("type", "age", "jurisdiction", "US-CO", "methods", List.of("mdl")), 200);
		String walletSecret = wallet.get("client_secret").asString();
		JsonNode presentationRequest = call("POST", "/v1/client/session/presentation_requests", walletSecret,
				Map.of("method", "mdl"), 200);
		String requestId = presentationRequest.get("id").asString();
		call("GET", "/v1/client/session/presentation_requests/" + requestId, walletSecret, null, 200);
		call("POST", "/v1/client/session/presentation_requests/" + requestId + "/response_code", walletSecret,
				Map.of("response_code", "none-was-given"), 400);
		call("POST", "/v1/client/session/presentation_requests", walletSecret, Map.of("method", "passport"), 400);

		// Compliance and the widget's publishable-key session.
		call("GET", "/v1/compliance/check?use_cases=alcohol_delivery,tobacco_nicotine&jurisdiction=US-TX", publishable,
				null, 200);
		call("GET", "/v1/compliance/check?use_cases=alcohol_delivery&jurisdiction=USA", key, null, 400);
		call("GET", "/v1/compliance/check?use_cases=social_media,alcohol_delivery&jurisdiction=US-FL&at=2025-07-01",
				key, null, 200);
		call("GET", "/v1/compliance/check?use_cases=alcohol_delivery&jurisdiction=IS&at=1765324800", key, null, 200);
		call("GET", "/v1/compliance/check?use_cases=alcohol_delivery&jurisdiction=IS&at=someday", key, null, 400);
		call("POST", "/v1/widget/sessions", publishable, Map.of("products", "alcohol_delivery,tobacco_nicotine"), 200);

		// Webhook endpoints and events.
		JsonNode endpoint = call("POST", "/v1/webhook_endpoints", key,
				Map.of("url", "https://hooks.merchant.example/stile", "enabled_events", List.of("*")), 200);
		String endpointId = endpoint.get("id").asString();
		call("GET", "/v1/webhook_endpoints", key, null, 200);
		call("GET", "/v1/webhook_endpoints/" + endpointId, key, null, 200);
		call("POST", "/v1/webhook_endpoints/" + endpointId, key, Map.of("description", "Orders"), 200);
		call("POST", "/v1/webhook_endpoints/" + endpointId + "/roll_secret", key, Map.of("grace_period_seconds", 3600),
				200);
		call("GET", "/v1/webhook_endpoints/" + endpointId + "/deliveries", key, null, 200);
		JsonNode events = call("GET", "/v1/events?type=verification_session.verified", key, null, 200);
		String eventId = events.get("data").get(0).get("id").asString();
		call("GET", "/v1/events/" + eventId, key, null, 200);
		call("GET", "/v1/events/" + eventId + "/deliveries", key, null, 200);
		call("DELETE", "/v1/webhook_endpoints/" + endpointId, key, null, 200);

		assertThat(this.failures).isEmpty();
		assertThat(this.exercised).containsExactlyInAnyOrderElementsOf(this.operations.keySet());
	}

	@Test
	void theValidatorRefusesAnswersThatDepartFromTheDescription() {
		String key = TestOrganization.create(this.api).testSecretKey();
		Response created = this.api.post(key, "/v1/verification_sessions", Map.of("type", "age"));
		assertThat(created.status()).isEqualTo(200);
		ObjectNode withoutStatus = (ObjectNode) created.json();
		withoutStatus.remove("status");
		ObjectNode createdAsText = (ObjectNode) created.json();
		createdAsText.put("created", "yesterday");
		ObjectNode errorWithoutCode = (ObjectNode) JSON.readTree("{\"error\":{\"type\":\"invalid_request_error\"}}");

		for (String body : List.of(withoutStatus.toString(), createdAsText.toString())) {
			assertThat(this.validator
				.validateResponse("/v1/verification_sessions", Request.Method.POST,
						SimpleResponse.Builder.status(200).withContentType("application/json").withBody(body).build())
				.hasErrors()).as(body).isTrue();
		}
		assertThat(this.validator
			.validateResponse("/v1/verification_sessions", Request.Method.POST,
					SimpleResponse.Builder.status(400)
						.withContentType("application/json")
						.withBody(errorWithoutCode.toString())
						.build())
			.hasErrors()).isTrue();
		assertThat(this.validator
			.validateRequest(SimpleRequest.Builder.post("/v1/verification_sessions")
				.withAuthorization("Bearer " + key)
				.withContentType("application/json")
				.withBody("{\"type\":\"age\",\"favourite_colour\":\"blue\"}")
				.build())
			.hasErrors()).isTrue();
	}

	/**
	 * Calls the server, validates both sides against the description, and answers the
	 * JSON.
	 */
	private JsonNode call(String method, String pathAndQuery, String key, Object body, int expectedStatus) {
		Api.Call call = this.api.call(method, pathAndQuery).key(key);
		String json = null;
		if (body != null) {
			json = Api.toJson(body);
			call.json(json);
		}
		Response response = call.send();
		assertThat(response.status()).as(method + " " + pathAndQuery + " " + response.body()).isEqualTo(expectedStatus);
		SimpleRequest.Builder request = new SimpleRequest.Builder(method, path(pathAndQuery));
		query(pathAndQuery).forEach((name, value) -> request.withQueryParam(name, value));
		if (key != null) {
			request.withAuthorization("Bearer " + key);
		}
		if (json != null) {
			request.withContentType("application/json").withBody(json);
		}
		// A request made invalid on purpose is refused by the server; only its answer is
		// checked.
		report(method, pathAndQuery,
				(expectedStatus == 400) ? this.validator.validateResponse(path(pathAndQuery),
						Request.Method.valueOf(method), response(response))
						: this.validator.validate(request.build(), response(response)));
		return response.json();
	}

	private void multipart(String secret, Map<String, String> fields, byte[] photo, int expectedStatus) {
		Response response = this.api.call("POST", "/v1/client/session/attempts")
			.key(secret)
			.multipart(fields, "image", photo, "image/png")
			.send();
		assertThat(response.status()).as(response.body()).isEqualTo(expectedStatus);
		// The validator does not read multipart bodies; the answer is checked all the
		// same.
		report("POST", "/v1/client/session/attempts", this.validator.validateResponse("/v1/client/session/attempts",
				Request.Method.POST, response(response)));
	}

	private void report(String method, String pathAndQuery, ValidationReport report) {
		String path = path(pathAndQuery);
		this.operations.forEach((operation, template) -> {
			if (operation.startsWith(method + " ") && template.matcher(path).matches()) {
				this.exercised.add(operation);
			}
		});
		if (report.hasErrors()) {
			this.failures
				.add(method + " " + pathAndQuery + ":\n" + SimpleValidationReportFormat.getInstance().apply(report));
		}
	}

	private static com.atlassian.oai.validator.model.Response response(Response response) {
		SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.status()).withBody(response.body());
		response.headers().forEach((name, values) -> builder.withHeader(name, values));
		return builder.build();
	}

	private static String path(String pathAndQuery) {
		int query = pathAndQuery.indexOf('?');
		return (query < 0) ? pathAndQuery : pathAndQuery.substring(0, query);
	}

	private static Map<String, String> query(String pathAndQuery) {
		Map<String, String> parameters = new LinkedHashMap<>();
		int query = pathAndQuery.indexOf('?');
		if (query >= 0) {
			for (String pair : pathAndQuery.substring(query + 1).split("&")) {
				int equals = pair.indexOf('=');
				parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return parameters;
	}

}
