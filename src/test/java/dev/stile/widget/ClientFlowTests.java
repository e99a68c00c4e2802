package dev.stile.widget;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.stile.method.LicenceImages;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static dev.stile.support.Api.TEST_SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verification flow through the widget's client-secret API, from created to an
 * outcome.
 */
@IntegrationTest
class ClientFlowTests {

	private static final String CLIENT = "/v1/client/session";

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	private JsonNode create(Map<String, Object> body) {
		return this.api.createSession(body);
	}

	private Response client(String method, String path, String secret, Object body) {
		Api.Call call = this.api.call(method, CLIENT + path).key(secret);
		return (body != null) ? call.json(body).send() : call.send();
	}

	private Response attempt(String secret, Map<String, Object> body) {
		return client("POST", "/attempts", secret, body);
	}

	private JsonNode retrieve(String id) {
		return this.api.get(TEST_SECRET_KEY, "/v1/verification_sessions/" + id + "?expand[]=results").json();
	}

	@Test
	void aTestModeSessionGoesFromCreatedThroughTheWaterfallToVerified() {
		JsonNode session = create(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "US-CA",
				"methods", List.of("facial_age", "document_capture"), "metadata", Map.of("order", "42")));
		String secret = session.get("client_secret").asString();

		JsonNode view = client("GET", "", secret, null).json();
		assertThat(view.get("status").asString()).isEqualTo("created");
		assertThat(view.get("current_method").asString()).isEqualTo("facial_age");
		assertThat(view.get("age_tier").asString()).isEqualTo("over_21");
		assertThat(view.has("metadata")).isFalse();
		assertThat(view.has("client_reference_id")).isFalse();

		assertThat(client("POST", "/start", secret, null).json().get("status").asString()).isEqualTo("pending");

		JsonNode failed = attempt(secret, Map.of("method", "facial_age", "test_outcome", "failed")).json();
		assertThat(failed.get("result").get("status").asString()).isEqualTo("failed");
		assertThat(failed.get("session").get("status").asString()).isEqualTo("requires_input");
		assertThat(failed.get("session").get("current_method").asString()).isEqualTo("document_capture");

		JsonNode verified = attempt(secret, Map.of("method", "document_capture", "test_age", 35)).json();
		assertThat(verified.get("result").get("status").asString()).isEqualTo("verified");
		assertThat(verified.get("result").get("age_verified").asBoolean()).isTrue();
		assertThat(verified.get("session").get("status").asString()).isEqualTo("verified");

		JsonNode merchant = retrieve(session.get("id").asString());
		assertThat(merchant.get("status").asString()).isEqualTo("verified");
		assertThat(merchant.get("completed_at").isNull()).isFalse();
		assertThat(merchant.get("results")).hasSize(2);
		assertThat(merchant.get("results").get(0).get("method").asString()).isEqualTo("facial_age");
		assertThat(merchant.get("results").get(0).get("error_code").asString()).isEqualTo("test_failure");
		assertThat(merchant.get("results").get(1).get("id").asString()).startsWith("vr_");
	}

	@Test
	void aTwentyYearOldMeetsIcelandsOver20AndANineteenYearOldDoesNot() {
		JsonNode twenty = create(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "IS", "methods",
				List.of("facial_age")));
		JsonNode nineteen = create(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "IS",
				"methods", List.of("facial_age")));

		JsonNode passed = attempt(twenty.get("client_secret").asString(),
				Map.of("method", "facial_age", "test_age", 20))
			.json();
		JsonNode refused = attempt(nineteen.get("client_secret").asString(),
				Map.of("method", "facial_age", "test_age", 19))
			.json();

		assertThat(twenty.get("age_tier").asString()).isEqualTo("over_20");
		assertThat(passed.get("session").get("status").asString()).isEqualTo("verified");
		assertThat(refused.get("result").get("error_code").asString()).isEqualTo("age_below_tier");
		assertThat(refused.get("result").get("error_message").asString()).contains("20");
	}

	@Test
	void anAgeBelowTheTierIsAFailureNotASuccess() {
		JsonNode session = create(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "US-CA",
				"methods", List.of("facial_age")));

		JsonNode answer = attempt(session.get("client_secret").asString(),
				Map.of("method", "facial_age", "test_age", 20))
			.json();

		assertThat(answer.get("result").get("status").asString()).isEqualTo("failed");
		assertThat(answer.get("result").get("error_code").asString()).isEqualTo("age_below_tier");
		assertThat(answer.get("result").get("age_verified").asBoolean()).isFalse();
		assertThat(answer.get("result").get("age_estimate").asInt()).isEqualTo(20);
		assertThat(answer.get("session").get("status").asString()).isEqualTo("failed");
	}

	@Test
	void anIdentitySessionIsNotSatisfiedByAnAgeEstimate() {
		JsonNode session = create(Map.of("type", "identity", "methods", List.of("facial_age", "open_banking")));
		String secret = session.get("client_secret").asString();

		JsonNode estimate = attempt(secret, Map.of("method", "facial_age")).json();
		JsonNode bank = attempt(secret, Map.of("method", "open_banking")).json();

		assertThat(estimate.get("result").get("error_code").asString()).isEqualTo("identity_not_established");
		assertThat(estimate.get("session").get("current_method").asString()).isEqualTo("open_banking");
		assertThat(bank.get("result").get("identity_verified").asBoolean()).isTrue();
		assertThat(bank.get("session").get("status").asString()).isEqualTo("verified");
	}

	@Test
	void aMethodThatNeedsMoreInputStaysCurrentUntilItsTriesRunOut() {
		JsonNode session = create(Map.of("type", "age", "methods", List.of("facial_age", "self_attestation")));
		String secret = session.get("client_secret").asString();
		Map<String, Object> again = Map.of("method", "facial_age", "test_outcome", "requires_input");

		JsonNode first = attempt(secret, again).json().get("session");
		JsonNode second = attempt(secret, again).json().get("session");
		JsonNode third = attempt(secret, again).json().get("session");

		assertThat(first.get("status").asString()).isEqualTo("requires_input");
		assertThat(first.get("current_method").asString()).isEqualTo("facial_age");
		assertThat(second.get("current_method").asString()).isEqualTo("facial_age");
		assertThat(third.get("status").asString()).isEqualTo("requires_input");
		assertThat(third.get("current_method").asString()).isEqualTo("self_attestation");
	}

	static Stream<Arguments> everyMethodAndOutcome() {
		List<Arguments> cases = new ArrayList<>();
		Map<String, String> placeFor = Map.of("mdl", "US-CO", "eudi_pid", "DE");
		for (String method : List.of("mdl", "mid", "eudi_pid", "facial_age", "selfie_liveness", "selfie_match",
				"self_attestation", "document_capture", "carrier_lookup", "open_banking", "parental_consent",
				"student")) {
			for (String outcome : List.of("verified", "failed", "requires_input")) {
				cases.add(Arguments.of(method, placeFor.getOrDefault(method, "US-NY"), outcome));
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "{0} in {1}: {2}")
	@MethodSource("everyMethodAndOutcome")
	void everyMethodReachesEveryOutcomeInTestMode(String method, String jurisdiction, String outcome) {
		String type = method.equals("student") ? "student" : "age";
		JsonNode session = create(Map.of("type", type, "jurisdiction", jurisdiction, "methods", List.of(method)));

		Response response = attempt(session.get("client_secret").asString(),
				Map.of("method", method, "test_outcome", outcome));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("result").get("status").asString()).isEqualTo(outcome);
		assertThat(response.json().get("result").get("method").asString()).isEqualTo(method);
		String expected = switch (outcome) {
			case "verified" -> "verified";
			case "failed" -> "failed";
			default -> "requires_input";
		};
		assertThat(retrieve(session.get("id").asString()).get("status").asString()).isEqualTo(expected);
	}

	@Test
	void aWrongSecretIsUnauthorizedAndASecretInTheUrlIsRefused() {
		JsonNode session = create(Map.of("type", "age"));
		String secret = session.get("client_secret").asString();

		// Another last character: appending "x" would be the secret itself when it ends
		// in x.
		char last = secret.charAt(secret.length() - 1);
		Response wrong = client("GET", "", secret.substring(0, secret.length() - 1) + ((last == 'x') ? 'y' : 'x'),
				null);
		Response none = this.api.call("GET", CLIENT).send();
		Response apiKey = client("GET", "", TEST_SECRET_KEY, null);
		Response inUrl = this.api.call("GET", CLIENT + "?client_secret=" + secret).key(secret).send();

		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.error().get("code").asString()).isEqualTo("invalid_client_secret");
		assertThat(none.status()).isEqualTo(401);
		assertThat(apiKey.status()).isEqualTo(401);
		assertThat(inUrl.status()).isEqualTo(400);
		assertThat(inUrl.error().get("param").asString()).isEqualTo("client_secret");
	}

	@Test
	void aTerminalSessionTakesNoMoreInput() {
		JsonNode session = create(Map.of("type", "age", "methods", List.of("facial_age")));
		String secret = session.get("client_secret").asString();
		attempt(secret, Map.of("method", "facial_age"));

		Response again = attempt(secret, Map.of("method", "facial_age"));
		Response cancel = client("POST", "/cancel", secret, null);
		Response view = client("GET", "", secret, null);

		assertThat(again.status()).isEqualTo(409);
		assertThat(again.error().get("message").asString()).contains("verified");
		assertThat(cancel.status()).isEqualTo(409);
		assertThat(view.json().get("status").asString()).isEqualTo("verified");
	}

	@Test
	void onlyTheCurrentMethodCanBeAttempted() {
		JsonNode session = create(Map.of("type", "age", "methods", List.of("facial_age", "self_attestation")));

		Response response = attempt(session.get("client_secret").asString(), Map.of("method", "self_attestation"));

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.error().get("param").asString()).isEqualTo("method");
	}

	@Test
	void tryingAnotherWayMovesToTheNextMethodUntilNoneIsLeft() {
		JsonNode session = create(Map.of("type", "age", "methods", List.of("facial_age", "self_attestation")));
		String secret = session.get("client_secret").asString();

		JsonNode skipped = client("POST", "/skip", secret, null).json();
		Response last = client("POST", "/skip", secret, null);

		assertThat(skipped.get("current_method").asString()).isEqualTo("self_attestation");
		assertThat(skipped.get("next_method_available").asBoolean()).isFalse();
		assertThat(last.status()).isEqualTo(409);
		assertThat(last.error().get("code").asString()).isEqualTo("no_method_left");
	}

	@Test
	void theUserCanCancelInTheWidget() {
		JsonNode session = create(Map.of("type", "age"));

		JsonNode cancelled = client("POST", "/cancel", session.get("client_secret").asString(), null).json();

		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(retrieve(session.get("id").asString()).get("cancelled_at").isNull()).isFalse();
	}

	@Test
	void concurrentAttemptsCannotBothWin() throws Exception {
		JsonNode session = create(Map.of("type", "age", "methods", List.of("facial_age")));
		String secret = session.get("client_secret").asString();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Integer> statuses = new ArrayList<>();
		try {
			List<Future<Response>> answers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return attempt(secret, Map.of("method", "facial_age"));
				}));
			}
			start.countDown();
			for (Future<Response> answer : answers) {
				statuses.add(answer.get().status());
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(statuses).containsOnly(200, 409);
		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
		assertThat(retrieve(session.get("id").asString()).get("results")).hasSize(1);
	}

	@Test
	void aSessionIsGivenUpAfterTenAttempts() {
		// Four or more methods of three tries each could take twelve attempts or more;
		// the
		// session's cap ends it at ten.
		JsonNode session = create(Map.of("type", "age", "jurisdiction", "US-CA", "methods",
				List.of("facial_age", "document_capture", "selfie_match", "mdl", "mid", "open_banking")));
		assertThat(session.get("methods").size()).as(session.toString()).isGreaterThanOrEqualTo(4);
		String secret = session.get("client_secret").asString();
		String method = session.get("current_method").asString();

		List<JsonNode> answers = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Response response = attempt(secret, Map.of("method", method, "test_outcome", "requires_input"));
			assertThat(response.status()).as("attempt %d: %s", i + 1, response.body()).isEqualTo(200);
			answers.add(response.json());
			method = response.json().get("session").get("current_method").asString(method);
		}
		Response eleventh = attempt(secret, Map.of("method", method, "test_outcome", "verified"));

		assertThat(answers.subList(0, 9)).allSatisfy(
				(answer) -> assertThat(answer.get("session").get("status").asString()).isEqualTo("requires_input"));
		assertThat(answers.get(9).get("session").get("status").asString()).isEqualTo("failed");
		assertThat(eleventh.status()).as(eleventh.body()).isEqualTo(409);
		assertThat(eleventh.error().get("code").asString()).isEqualTo("session_not_open");
		JsonNode stored = retrieve(session.get("id").asString());
		assertThat(stored.get("status").asString()).isEqualTo("failed");
		assertThat(stored.get("results")).hasSize(10);
	}

	@Test
	void selfAttestationJudgesTheDeclaredBirthDate() {
		JsonNode adult = create(Map.of("type", "age", "methods", List.of("self_attestation")));
		JsonNode minor = create(Map.of("type", "age", "methods", List.of("self_attestation")));
		String today = this.clock.today().toString();

		JsonNode yes = attempt(adult.get("client_secret").asString(),
				Map.of("method", "self_attestation", "birth_date", "1990-05-17", "confirm", true))
			.json();
		JsonNode no = attempt(minor.get("client_secret").asString(), Map.of("method", "self_attestation", "birth_date",
				this.clock.today().minusYears(16).toString(), "confirm", true))
			.json();
		Response future = attempt(
				create(Map.of("type", "age", "methods", List.of("self_attestation"))).get("client_secret").asString(),
				Map.of("method", "self_attestation", "birth_date", today, "confirm", true));

		assertThat(yes.get("session").get("status").asString()).isEqualTo("verified");
		assertThat(yes.get("result").get("provider_name").asString()).isEqualTo("stile_self_attestation");
		assertThat(no.get("result").get("error_code").asString()).isEqualTo("age_below_tier");
		assertThat(future.status()).isEqualTo(400);
		assertThat(future.error().get("param").asString()).isEqualTo("birth_date");
	}

	@Test
	void documentCaptureReadsTheLicenceBarcode() {
		String adult = LicenceImages.aamva(this.clock.today().minusYears(30), this.clock.today().plusYears(3),
				"D1111111");
		JsonNode session = create(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "US-CA",
				"methods", List.of("document_capture")));

		JsonNode answer = upload(session.get("client_secret").asString(), LicenceImages.photo(adult, 1, true)).json();

		assertThat(answer.get("result").get("status").asString()).isEqualTo("verified");
		assertThat(answer.get("result").get("age_estimate").asInt()).isEqualTo(30);
		assertThat(answer.get("result").get("identity_verified").asBoolean()).isTrue();
		assertThat(answer.get("result").get("provider_name").asString()).isEqualTo("stile_aamva_pdf417");
		assertThat(answer.get("session").get("status").asString()).isEqualTo("verified");
	}

	static Stream<Arguments> badLicences() {
		// The server judges ages and expiries on its UTC date, not the machine's.
		LocalDate today = TestClock.utcToday();
		return Stream.of(
				Arguments.of("expired",
						LicenceImages.photo(LicenceImages.aamva(today.minusYears(40), today.minusDays(1), "D2"), 0,
								false),
						"document_expired", "failed"),
				Arguments.of("under age",
						LicenceImages.photo(LicenceImages.aamva(today.minusYears(20), today.plusYears(2), "D3"), 2,
								false),
						"age_below_tier", "failed"),
				Arguments.of("not a licence", LicenceImages.photo("https://example.com/boarding-pass/42", 0, false),
						"document_unsupported", "failed"),
				Arguments.of("no barcode", LicenceImages.blankPhoto(), "barcode_unreadable", "requires_input"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badLicences")
	void documentCaptureRefusesBadLicencesWithAClearCode(String name, byte[] photo, String code, String status) {
		JsonNode session = create(Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction", "US-CA",
				"methods", List.of("document_capture")));

		JsonNode answer = upload(session.get("client_secret").asString(), photo).json();

		assertThat(answer.get("result").get("error_code").asString()).isEqualTo(code);
		assertThat(answer.get("result").get("status").asString()).isEqualTo(status);
	}

	@Test
	void anUploadThatIsNotDeclaredAPngOrJpegIsABadRequestAndNoAttempt() {
		JsonNode session = create(Map.of("type", "age", "methods", List.of("document_capture")));
		String secret = session.get("client_secret").asString();

		Response pdf = this.api.call("POST", CLIENT + "/attempts")
			.key(secret)
			.multipart(Map.of("method", "document_capture"), "image", new byte[] { 1, 2, 3 }, "application/pdf")
			.send();

		assertThat(pdf.status()).isEqualTo(400);
		assertThat(pdf.error().get("param").asString()).isEqualTo("image");
		assertThat(retrieve(session.get("id").asString()).get("results")).isEmpty();
	}

	private Response upload(String secret, byte[] photo) {
		return this.api.call("POST", CLIENT + "/attempts")
			.key(secret)
			.multipart(Map.of("method", "document_capture"), "image", photo, "image/png")
			.send();
	}

}
