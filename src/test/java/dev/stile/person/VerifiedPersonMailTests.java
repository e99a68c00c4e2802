package dev.stile.person;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.stile.support.Api;
import dev.stile.support.TestOrganization;
import dev.stile.support.Api.Response;
import dev.stile.support.IntegrationTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live-mode reuse with a real SMTP server: the code arrives by email and proves
 * ownership.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.mail.host=127.0.0.1", "spring.mail.port=3025" })
class VerifiedPersonMailTests {

	@RegisterExtension
	static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

	private static final Pattern CODE = Pattern.compile("code is (\\d{6})");

	@Autowired
	Api api;

	private String liveKey() {
		return TestOrganization.create(this.api).liveSecretKeyForSessions();
	}

	private JsonNode session(String key, String email, boolean acceptExisting) {
		Response created = this.api.post(key, "/v1/verification_sessions", Map.of("type", "age", "jurisdiction",
				"US-CA", "email", email, "accept_existing", acceptExisting, "methods", List.of("self_attestation")));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json();
	}

	private Response client(String path, String secret, Object body) {
		return this.api.call("POST", "/v1/client/session" + path).key(secret).json(body).send();
	}

	@Test
	void aLiveReuseIsProvenByTheCodeSentByEmail() throws Exception {
		String key = liveKey();
		String email = "live-" + UUID.randomUUID() + "@example.com";
		JsonNode first = session(key, email, false);
		JsonNode attested = client("/attempts", first.get("client_secret").asString(),
				Map.of("method", "self_attestation", "birth_date", "1985-02-03", "confirm", true))
			.json();
		assertThat(attested.get("session").get("status").asString()).isEqualTo("verified");

		JsonNode second = session(key, email, true);
		String secret = second.get("client_secret").asString();
		Response sent = client("/reuse/send_code", secret, Map.of("channel", "email"));
		assertThat(sent.status()).isEqualTo(200);
		assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
		MimeMessage message = mail.getReceivedMessages()[mail.getReceivedMessages().length - 1];
		assertThat(message.getAllRecipients()[0].toString()).isEqualTo(email);
		Matcher code = CODE.matcher(GreenMailUtil.getBody(message));
		assertThat(code.find()).isTrue();

		JsonNode wrong = client("/reuse/verify", secret,
				Map.of("code", code.group(1).equals("111111") ? "222222" : "111111"))
			.json();
		JsonNode right = client("/reuse/verify", secret, Map.of("code", code.group(1))).json();

		assertThat(wrong.get("verified").asBoolean()).isFalse();
		assertThat(right.get("verified").asBoolean()).isTrue();
		assertThat(right.get("result").get("method").asString()).isEqualTo("self_attestation");
		assertThat(right.get("session").get("status").asString()).isEqualTo("verified");
		assertThat(right.get("session").get("livemode").asBoolean()).isTrue();
	}

	private String lastCode(int expectedMessages) throws Exception {
		assertThat(mail.waitForIncomingEmail(5000, expectedMessages)).isTrue();
		MimeMessage[] messages = mail.getReceivedMessages();
		Matcher code = CODE.matcher(GreenMailUtil.getBody(messages[messages.length - 1]));
		assertThat(code.find()).isTrue();
		return code.group(1);
	}

	@Test
	void aNewCodeInvalidatesTheOldOne() throws Exception {
		String key = liveKey();
		String email = "live-" + UUID.randomUUID() + "@example.com";
		JsonNode first = session(key, email, false);
		client("/attempts", first.get("client_secret").asString(),
				Map.of("method", "self_attestation", "birth_date", "1985-02-03", "confirm", true));
		String secret = session(key, email, true).get("client_secret").asString();
		int before = mail.getReceivedMessages().length;
		client("/reuse/send_code", secret, Map.of("channel", "email"));
		String old = lastCode(before + 1);
		client("/reuse/send_code", secret, Map.of("channel", "email"));
		String current = lastCode(before + 2);
		if (current.equals(old)) {
			// One chance in a million: a third code differs.
			client("/reuse/send_code", secret, Map.of("channel", "email"));
			current = lastCode(before + 3);
		}

		JsonNode withOld = client("/reuse/verify", secret, Map.of("code", old)).json();
		JsonNode withCurrent = client("/reuse/verify", secret, Map.of("code", current)).json();

		assertThat(withOld.get("verified").asBoolean()).isFalse();
		assertThat(withCurrent.get("verified").asBoolean()).isTrue();
	}

	@Test
	void theTestCodeDoesNotWorkInLiveMode() {
		String key = liveKey();
		String email = "live-" + UUID.randomUUID() + "@example.com";
		JsonNode first = session(key, email, false);
		client("/attempts", first.get("client_secret").asString(),
				Map.of("method", "self_attestation", "birth_date", "1985-02-03", "confirm", true));
		String secret = session(key, email, true).get("client_secret").asString();
		client("/reuse/send_code", secret, Map.of("channel", "email"));

		JsonNode answer = client("/reuse/verify", secret, Map.of("code", "000000")).json();

		assertThat(answer.get("verified").asBoolean()).isFalse();
	}

	@Test
	void aChannelThisDeploymentCannotSendOnIsRefused() {
		String key = liveKey();
		String email = "live-" + UUID.randomUUID() + "@example.com";
		Response created = this.api.post(key, "/v1/verification_sessions",
				Map.of("type", "age", "email", email, "phone", "+14155550123", "methods", List.of("self_attestation")));
		client("/attempts", created.json().get("client_secret").asString(),
				Map.of("method", "self_attestation", "birth_date", "1985-02-03", "confirm", true));
		JsonNode reuse = this.api
			.post(key, "/v1/verification_sessions", Map.of("type", "age", "phone", "+14155550123", "accept_existing",
					true, "methods", List.of("self_attestation")))
			.json();

		Response sms = client("/reuse/send_code", reuse.get("client_secret").asString(), Map.of("channel", "phone"));

		assertThat(sms.status()).isEqualTo(409);
		assertThat(sms.error().get("code").asString()).isEqualTo("channel_unavailable");
	}

}
