package dev.stile.method.student;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.stile.support.Api;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import dev.stile.support.TestOrganization;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The student method through HTTP with a real SMTP server: the code is mailed to the
 * academic address and its right value verifies the session with the institution.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.mail.host=127.0.0.1", "spring.mail.port=3025",
		"stile.consent.base-url=https://stile.test" })
class StudentMailTests {

	@RegisterExtension
	static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

	private static final Pattern CODE = Pattern.compile("is (\\d{6})\\.");

	@Autowired
	Api api;

	@Autowired
	TestClock clock;

	@AfterEach
	void backToRealTime() {
		this.clock.reset();
	}

	private String liveKey() {
		return TestOrganization.create(this.api).liveSecretKeyForSessions();
	}

	private JsonNode studentSession(String key) {
		Response created = this.api.post(key, "/v1/verification_sessions", Map.of("type", "student"));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json();
	}

	private Response client(String path, String secret, Object body) {
		return this.api.call("POST", "/v1/client/session" + path).key(secret).json(body).send();
	}

	private static String address(String domain) {
		return "s-" + UUID.randomUUID() + "@" + domain;
	}

	private MimeMessage lastMessageTo(String address, int expectedMessages) throws Exception {
		assertThat(mail.waitForIncomingEmail(5000, expectedMessages)).isTrue();
		MimeMessage[] messages = mail.getReceivedMessages();
		MimeMessage last = messages[messages.length - 1];
		assertThat(last.getAllRecipients()[0].toString()).isEqualTo(address);
		return last;
	}

	private static String code(MimeMessage message) {
		Matcher code = CODE.matcher(GreenMailUtil.getBody(message));
		assertThat(code.find()).as(GreenMailUtil.getBody(message)).isTrue();
		return code.group(1);
	}

	private static String other(String code) {
		return code.equals("111111") ? "222222" : "111111";
	}

	@Test
	void aLiveStudentSessionIsVerifiedByTheCodeMailedToAnAcademicAddress() throws Exception {
		String key = liveKey();
		JsonNode session = studentSession(key);
		assertThat(session.get("methods").toString()).isEqualTo("[\"student\"]");
		String secret = session.get("client_secret").asString();
		String address = address("cs.mit.edu");
		int before = mail.getReceivedMessages().length;

		Response sent = client("/student/send_code", secret, Map.of("email", address));
		assertThat(sent.status()).as(sent.body()).isEqualTo(200);
		MimeMessage message = lastMessageTo(address, before + 1);
		assertThat(GreenMailUtil.getBody(message)).contains("Massachusetts Institute of Technology");
		String code = code(message);

		Response wrong = client("/attempts", secret, Map.of("method", "student", "code", other(code)));
		assertThat(wrong.status()).isEqualTo(422);
		assertThat(wrong.error().get("code").asString()).isEqualTo("code_invalid");
		assertThat(wrong.error().get("param").asString()).isEqualTo("code");
		assertThat(wrong.error().get("message").asString()).contains("4 tries left");

		Response right = client("/attempts", secret, Map.of("method", "student", "code", code));
		assertThat(right.status()).as(right.body()).isEqualTo(200);
		assertThat(right.json().get("session").get("status").asString()).isEqualTo("verified");

		JsonNode retrieved = this.api
			.get(key, "/v1/verification_sessions/" + session.get("id").asString() + "?expand[]=results")
			.json();
		assertThat(retrieved.get("status").asString()).isEqualTo("verified");
		JsonNode result = retrieved.get("results").get(0);
		assertThat(result.get("method").asString()).isEqualTo("student");
		assertThat(result.get("status").asString()).isEqualTo("verified");
		assertThat(result.get("institution").asString()).isEqualTo("Massachusetts Institute of Technology");
		assertThat(result.get("provider_name").asString()).isEqualTo("stile_academic_email");
		assertThat(retrieved.toString()).doesNotContain(address);
	}

	@Test
	void anAddressOutsideTheRegistryOfAcademicDomainsIsRefusedAndGetsNoMail() {
		String secret = studentSession(liveKey()).get("client_secret").asString();
		int before = mail.getReceivedMessages().length;

		Response refused = client("/student/send_code", secret, Map.of("email", address("gmail.com")));

		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.error().get("code").asString()).isEqualTo("domain_not_academic");
		assertThat(refused.error().get("param").asString()).isEqualTo("email");
		assertThat(mail.getReceivedMessages()).hasSize(before);
	}

	@Test
	void anAddressThatIsNoAddressIsA400NamingEmail() {
		String secret = studentSession(liveKey()).get("client_secret").asString();

		Response malformed = client("/student/send_code", secret, Map.of("email", "not an address@mit.edu"));
		Response missing = client("/student/send_code", secret, Map.of());
		Response noDomain = client("/student/send_code", secret, Map.of("email", "someone@"));

		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.error().get("param").asString()).isEqualTo("email");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.error().get("code").asString()).isEqualTo("parameter_missing");
		assertThat(noDomain.status()).isEqualTo(400);
		assertThat(noDomain.error().get("param").asString()).isEqualTo("email");
	}

	@Test
	void aCodeThatIsNotSixDigitsOrNeverSentIsRefused() {
		String secret = studentSession(liveKey()).get("client_secret").asString();

		Response notSent = client("/attempts", secret, Map.of("method", "student", "code", "123456"));
		Response letters = client("/attempts", secret, Map.of("method", "student", "code", "abcdef"));

		assertThat(notSent.status()).isEqualTo(409);
		assertThat(notSent.error().get("code").asString()).isEqualTo("code_not_sent");
		assertThat(letters.status()).isEqualTo(400);
		assertThat(letters.error().get("param").asString()).isEqualTo("code");
	}

	@Test
	void fiveWrongCodesLockTheSessionOutEvenForTheRightCode() throws Exception {
		String secret = studentSession(liveKey()).get("client_secret").asString();
		String address = address("ox.ac.uk");
		int before = mail.getReceivedMessages().length;
		client("/student/send_code", secret, Map.of("email", address));
		String code = code(lastMessageTo(address, before + 1));

		for (int i = 0; i < 4; i++) {
			assertThat(client("/attempts", secret, Map.of("method", "student", "code", other(code))).error()
				.get("code")
				.asString()).isEqualTo("code_invalid");
		}
		Response fifth = client("/attempts", secret, Map.of("method", "student", "code", other(code)));
		Response right = client("/attempts", secret, Map.of("method", "student", "code", code));

		assertThat(fifth.status()).isEqualTo(429);
		assertThat(fifth.error().get("code").asString()).isEqualTo("too_many_attempts");
		assertThat(right.status()).isEqualTo(429);
		assertThat(right.error().get("code").asString()).isEqualTo("too_many_attempts");
		assertThat(this.api.call("GET", "/v1/client/session").key(secret).send().json().get("status").asString())
			.isNotEqualTo("verified");
	}

	@Test
	void aCodeStopsWorkingWhenItsTimeIsUp() throws Exception {
		String secret = studentSession(liveKey()).get("client_secret").asString();
		String address = address("mit.edu");
		int before = mail.getReceivedMessages().length;
		client("/student/send_code", secret, Map.of("email", address));
		String code = code(lastMessageTo(address, before + 1));

		this.clock.advance(Duration.ofMinutes(11));
		Response late = client("/attempts", secret, Map.of("method", "student", "code", code));

		assertThat(late.status()).isEqualTo(422);
		assertThat(late.error().get("code").asString()).isEqualTo("code_expired");
	}

	@Test
	void oneAddressIsSentAtMostFiveStudentCodesAnHour() throws Exception {
		String key = liveKey();
		String address = address("mit.edu");
		String first = studentSession(key).get("client_secret").asString();
		String second = studentSession(key).get("client_secret").asString();
		for (int i = 0; i < 3; i++) {
			assertThat(client("/student/send_code", first, Map.of("email", address)).status()).isEqualTo(200);
		}
		for (int i = 0; i < 2; i++) {
			assertThat(client("/student/send_code", second, Map.of("email", address)).status()).isEqualTo(200);
		}

		Response sixth = client("/student/send_code", second, Map.of("email", address));
		this.clock.advance(Duration.ofMinutes(61));
		Response anHourLater = client("/student/send_code", second, Map.of("email", address));

		assertThat(sixth.status()).isEqualTo(429);
		assertThat(sixth.error().get("code").asString()).isEqualTo("too_many_codes");
		assertThat(anHourLater.status()).as(anHourLater.body()).isEqualTo(200);
	}

	@Test
	void sendingACodeIsRefusedWhenStudentIsNotTheCurrentMethod() {
		Response created = this.api.post(liveKey(), "/v1/verification_sessions",
				Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("self_attestation")));
		String secret = created.json().get("client_secret").asString();

		Response refused = client("/student/send_code", secret, Map.of("email", address("mit.edu")));

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.error().get("code").asString()).isEqualTo("method_not_current");
	}

	@Test
	void testModeMailsTheTestCodeAndStillSimulatesWithTestOutcome() throws Exception {
		String key = TestOrganization.create(this.api).testSecretKey();
		String secret = studentSession(key).get("client_secret").asString();
		String address = address("mit.edu");
		int before = mail.getReceivedMessages().length;

		client("/student/send_code", secret, Map.of("email", address));
		assertThat(code(lastMessageTo(address, before + 1))).isEqualTo("000000");
		JsonNode verified = client("/attempts", secret, Map.of("method", "student", "code", "000000")).json();
		assertThat(verified.get("session").get("status").asString()).isEqualTo("verified");
		assertThat(verified.get("result").get("institution").asString())
			.isEqualTo("Massachusetts Institute of Technology");

		String simulated = studentSession(key).get("client_secret").asString();
		JsonNode failed = client("/attempts", simulated, Map.of("method", "student", "test_outcome", "failed")).json();
		assertThat(failed.get("result").get("provider_name").asString()).isEqualTo("stile_test_mode");
		assertThat(failed.get("result").get("status").asString()).isEqualTo("failed");
	}

}
