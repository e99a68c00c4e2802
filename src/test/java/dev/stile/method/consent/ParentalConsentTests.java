package dev.stile.method.consent;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.stile.method.LicenceImages;
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
 * Parental consent through HTTP with a real SMTP server: the minor asks, the parent gets
 * the link, proves to be an adult with a licence photo in a session of their own, and
 * consents, declines, lets it expire or withdraws.
 */
@IntegrationTest
@TestPropertySource(properties = { "spring.mail.host=127.0.0.1", "spring.mail.port=3025",
		"stile.consent.base-url=https://stile.test" })
class ParentalConsentTests {

	@RegisterExtension
	static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

	private static final Pattern LINK = Pattern.compile("https://stile\\.test(/consent/[A-Za-z0-9_-]{43})");

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

	private JsonNode minorSession(String key, List<String> methods) {
		Response created = this.api.post(key, "/v1/verification_sessions",
				Map.of("type", "age", "use_case", "social_media", "jurisdiction", "US-UT", "methods", methods));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json();
	}

	private Response client(String method, String path, String secret, Object body) {
		Api.Call call = this.api.call(method, "/v1/client/session" + path).key(secret);
		return ((body != null) ? call.json(body) : call).send();
	}

	private static String parent() {
		return "parent-" + UUID.randomUUID() + "@example.com";
	}

	/** Asks for consent and answers the path of the link the parent received. */
	private String request(String secret, String parent) throws Exception {
		int before = mail.getReceivedMessages().length;
		Response asked = client("POST", "/parental_consent/request", secret, Map.of("parent_email", parent));
		assertThat(asked.status()).as(asked.body()).isEqualTo(200);
		assertThat(mail.waitForIncomingEmail(5000, before + 1)).isTrue();
		MimeMessage[] messages = mail.getReceivedMessages();
		MimeMessage message = messages[messages.length - 1];
		assertThat(message.getAllRecipients()[0].toString()).isEqualTo(parent);
		Matcher link = LINK.matcher(GreenMailUtil.getBody(message));
		assertThat(link.find()).as(GreenMailUtil.getBody(message)).isTrue();
		return link.group(1);
	}

	private Response post(String path) {
		return this.api.call("POST", path).send();
	}

	/** The parent's own check: a licence photo of an adult in the parent's session. */
	private void parentVerifies(String link, LocalDate birthDate, String expectedStatus) {
		Response started = post(link + "/parent_session");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		String url = started.json().get("url").asString();
		assertThat(url).matches("/verify/vks_[A-Za-z0-9]+#cs=.+");
		String parentSecret = url.substring(url.indexOf("#cs=") + 4);
		Response photo = this.api.call("POST", "/v1/client/session/attempts")
			.key(parentSecret)
			.multipart(Map.of("method", "document_capture"), "image",
					LicenceImages.photo(LicenceImages.aamva(birthDate, LocalDate.now().plusYears(3), "P1234567"), 0,
							false),
					"image/png")
			.send();
		assertThat(photo.status()).as(photo.body()).isEqualTo(200);
		assertThat(photo.json().get("session").get("status").asString()).as(photo.body()).isEqualTo(expectedStatus);
	}

	private List<String> eventTypes(String key) {
		JsonNode events = this.api.get(key, "/v1/events?limit=100").json().get("data");
		List<String> types = new java.util.ArrayList<>();
		events.forEach((event) -> types.add(event.get("type").asString()));
		return types;
	}

	@Test
	void aParentVerifiedByALicencePhotoConsentsAndLaterWithdraws() throws Exception {
		String key = liveKey();
		JsonNode minor = minorSession(key, List.of("parental_consent"));
		String secret = minor.get("client_secret").asString();
		String link = request(secret, parent());
		MimeMessage message = mail.getReceivedMessages()[mail.getReceivedMessages().length - 1];
		assertThat(GreenMailUtil.getBody(message)).contains("social_media");

		JsonNode waiting = client("GET", "/parental_consent", secret, null).json();
		assertThat(waiting.get("status").asString()).isEqualTo("pending");
		Response page = this.api.call("GET", link).send();
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
		assertThat(page.body()).contains("social_media").contains("data-action=\"parent_session\"");

		Response tooEarly = post(link + "/consent");
		assertThat(tooEarly.status()).isEqualTo(409);
		assertThat(tooEarly.error().get("code").asString()).isEqualTo("parent_not_verified");

		parentVerifies(link, LocalDate.of(1980, 3, 4), "verified");
		assertThat(this.api.call("GET", link + "/state").send().json().get("parent_verified").asBoolean()).isTrue();
		assertThat(this.api.call("GET", link).send().body()).contains("data-action=\"consent\"");
		Response consented = post(link + "/consent");
		assertThat(consented.status()).as(consented.body()).isEqualTo(200);
		assertThat(consented.json().get("status").asString()).isEqualTo("consented");

		JsonNode verified = this.api
			.get(key, "/v1/verification_sessions/" + minor.get("id").asString() + "?expand[]=results")
			.json();
		assertThat(verified.get("status").asString()).isEqualTo("verified");
		JsonNode result = verified.get("results").get(0);
		assertThat(result.get("method").asString()).isEqualTo("parental_consent");
		assertThat(result.get("parent_verified_by").asString()).isEqualTo("document_capture");
		assertThat(result.has("age_estimate") && !result.get("age_estimate").isNull()).isFalse();
		assertThat(client("GET", "/parental_consent", secret, null).json().get("status").asString())
			.isEqualTo("consented");

		Response decideAgain = post(link + "/decline");
		assertThat(decideAgain.status()).isEqualTo(409);
		Response withdrawn = post(link + "/withdraw");
		assertThat(withdrawn.json().get("status").asString()).isEqualTo("withdrawn");
		assertThat(eventTypes(key)).contains("verification_session.verified", "verification_session.consent_withdrawn");
	}

	@Test
	void theConsentPageSpeaksThePreferredLanguageAndEnglishForAHeaderItCannotRead() throws Exception {
		String link = request(minorSession(liveKey(), List.of("parental_consent")).get("client_secret").asString(),
				parent());

		Response spanish = this.api.call("GET", link).header("Accept-Language", "es-MX,es;q=0.9,en;q=0.5").send();
		Response malformed = this.api.call("GET", link).header("Accept-Language", "!!!;q=x, *;;").send();

		assertThat(spanish.status()).isEqualTo(200);
		assertThat(spanish.body()).contains("<html lang=\"es\"");
		assertThat(malformed.status()).as(malformed.body()).isEqualTo(200);
		assertThat(malformed.body()).contains("<html lang=\"en\"");
	}

	@Test
	void aMinorParentCannotConsent() throws Exception {
		String secret = minorSession(liveKey(), List.of("parental_consent")).get("client_secret").asString();
		String link = request(secret, parent());

		parentVerifies(link, LocalDate.now().minusYears(16), "failed");
		Response refused = post(link + "/consent");

		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.error().get("code").asString()).isEqualTo("parent_not_verified");
	}

	@Test
	void aDeclineFailsTheConsentAttemptAndTheWaterfallMovesOn() throws Exception {
		String key = liveKey();
		JsonNode minor = minorSession(key, List.of("parental_consent", "document_capture"));
		String secret = minor.get("client_secret").asString();
		String link = request(secret, parent());

		Response declined = post(link + "/decline");

		assertThat(declined.json().get("status").asString()).isEqualTo("declined");
		JsonNode session = this.api
			.get(key, "/v1/verification_sessions/" + minor.get("id").asString() + "?expand[]=results")
			.json();
		assertThat(session.get("status").asString()).isEqualTo("requires_input");
		assertThat(session.get("current_method").asString()).isEqualTo("document_capture");
		assertThat(session.get("results").get(0).get("error_code").asString()).isEqualTo("consent_declined");
		assertThat(this.api.call("GET", link).send().body()).contains("data-status=\"declined\"");
	}

	@Test
	void anUnansweredLinkStopsDecidingAfter48Hours() throws Exception {
		String key = liveKey();
		JsonNode minor = minorSession(key, List.of("parental_consent"));
		String secret = minor.get("client_secret").asString();
		String link = request(secret, parent());

		this.clock.advance(Duration.ofHours(23));
		JsonNode state = client("GET", "/parental_consent", secret, null).json();
		assertThat(state.get("status").asString()).isEqualTo("pending");
		assertThat(state.get("session").get("status").asString()).isNotEqualTo("failed");
		this.clock.advance(Duration.ofMinutes(59));
		// The session itself lives 24 hours; the link's 48 hours end with it for a
		// decision.
		JsonNode link48 = this.api.call("GET", link + "/state").send().json();

		assertThat(link48.get("status").asString()).isEqualTo("pending");
		this.clock.advance(Duration.ofHours(25));
		assertThat(this.api.call("GET", link + "/state").send().json().get("status").asString()).isEqualTo("expired");
		assertThat(post(link + "/decline").error().get("code").asString()).isEqualTo("consent_not_pending");
	}

	@Test
	void consentMailsAreLimitedPerSessionAndBadAddressesAreRefused() throws Exception {
		String secret = minorSession(liveKey(), List.of("parental_consent")).get("client_secret").asString();
		String first = request(secret, parent());
		request(secret, parent());
		request(secret, parent());

		Response fourth = client("POST", "/parental_consent/request", secret, Map.of("parent_email", parent()));
		Response malformed = client("POST", "/parental_consent/request", secret, Map.of("parent_email", "nobody"));

		assertThat(fourth.status()).isEqualTo(429);
		assertThat(fourth.error().get("code").asString()).isEqualTo("too_many_consent_requests");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.error().get("param").asString()).isEqualTo("parent_email");
		assertThat(this.api.call("GET", first + "/state").send().json().get("status").asString()).isEqualTo("replaced");
		assertThat(this.api.call("GET", "/consent/" + "x".repeat(43)).send().status()).isEqualTo(404);
	}

}
