package dev.stile.widget.browser;

import java.io.IOException;
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
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parental consent in headless Chromium at phone size: the minor's hosted page asks for a
 * parent's address and waits, while the parent acts through the mailed link; and the
 * parent's own consent page. Screenshots land in {@code target/screenshots/}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = { "spring.mail.host=127.0.0.1", "spring.mail.port=3025",
		"stile.consent.base-url=https://stile.test" })
class ParentalConsentBrowserTests {

	@RegisterExtension
	static final GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP);

	private static final Pattern LINK = Pattern.compile("https://stile\\.test(/consent/[A-Za-z0-9_-]{43})");

	private static final By HEADING = By.cssSelector("#screen h1");

	private static final By NOTICE = By.id("notice");

	@Autowired
	private Api api;

	@LocalServerPort
	private int port;

	private Browser browser;

	@BeforeAll
	void startBrowser() {
		Browser.assumeInstalled();
		this.browser = new Browser();
	}

	@AfterEach
	void pagesRanWithoutCspViolations() {
		if (this.browser != null) {
			assertThat(this.browser.console()).noneMatch((message) -> message.contains("Content Security Policy")
					|| message.contains("Content-Security-Policy"));
		}
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void theMinorsPageWaitsForTheParentAndTurnsVerifiedWhenTheyConsent() throws Exception {
		String secret = minorSession(List.of("parental_consent", "document_capture"));
		openHostedPage(secret, "en");
		assertThat(this.browser.text(HEADING)).isEqualTo("Verify your age");
		WebElement email = this.browser.await(By.id("parent-email"));
		assertThat(this.browser.await(By.id("skip")).getText()).isEqualTo("Try another way");

		// The address passes the page's own check; the server's error envelope names the
		// field.
		email.sendKeys("parent@-bad.example");
		this.browser.click(By.id("consent-submit"));
		assertThat(this.browser.text(By.id("parent-email-error")))
			.isEqualTo("Enter your parent's or guardian's email address, like name@example.com.");
		assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(this.browser.script("return document.activeElement.id")).isEqualTo("parent-email");

		String parent = parent();
		int before = mail.getReceivedMessages().length;
		email.clear();
		// Keyboard only: type the address and press Enter in the field.
		email.sendKeys(parent, Keys.ENTER);
		assertThat(this.browser.text(By.id("consent-waiting"))).isEqualTo("Waiting for your parent or guardian…");
		assertThat(this.browser.text(NOTICE)).isEqualTo("We sent the request to " + parent + ".");
		this.browser.screenshot("80-consent-minor-waiting");
		String link = link(before, parent);

		// The parent proves to be an adult and consents through the link's HTTP calls.
		parentVerifies(link, LocalDate.of(1980, 3, 4));
		Api.Response consented = this.api.call("POST", link + "/consent").send();
		assertThat(consented.status()).as(consented.body()).isEqualTo(200);

		assertThat(this.browser.awaitOutcome()).isEqualTo("verified");
		assertThat(this.browser.text(HEADING)).isEqualTo("You're verified");
		this.browser.screenshot("81-consent-minor-verified");
	}

	@Test
	void sendAgainStopsAtTheLimitAndADeclineMovesTheMinorOnInSpanish() throws Exception {
		String secret = minorSession(List.of("parental_consent", "document_capture"));
		openHostedPage(secret, "es");
		String parent = parent();
		int before = mail.getReceivedMessages().length;
		this.browser.await(By.id("parent-email")).sendKeys(parent);
		this.browser.click(By.id("consent-submit"));
		assertThat(this.browser.text(By.id("consent-waiting"))).isEqualTo("Esperando a tu madre, padre o tutor…");
		link(before, parent);
		// Two more mails are allowed for the session; the fourth is refused with 429.
		for (int sent = 2; sent <= 3; sent++) {
			int expected = sent;
			this.browser.click(By.id("consent-again"));
			this.browser.awaitUntil((driver) -> mail.getReceivedMessages().length == before + expected);
		}
		String link = link(mail.getReceivedMessages().length - 1, parent);
		this.browser.click(By.id("consent-again"));
		this.browser
			.awaitUntil((driver) -> this.browser.text(NOTICE).startsWith("Se han enviado demasiadas solicitudes."));
		this.browser.screenshot("82-consent-minor-too-many-es");

		Api.Response declined = this.api.call("POST", link + "/decline").send();
		assertThat(declined.status()).as(declined.body()).isEqualTo(200);

		this.browser.await(By.cssSelector("section[data-method='document_capture']"));
		assertThat(this.browser.text(NOTICE))
			.isEqualTo("Tu madre, padre o tutor no dio su consentimiento. Probemos de otra forma: "
					+ "Foto de tu licencia de conducir.");
		this.browser.screenshot("83-consent-minor-declined-es");
	}

	@Test
	void theParentsPageShowsWhoAsksAndWhatIsKeptThenTakesTheConsent() throws Exception {
		String secret = minorSession(List.of("parental_consent"));
		String link = request(secret);
		this.browser.open("http://localhost:" + this.port + link);
		assertThat(this.browser.text(By.tagName("h1"))).isEqualTo("Parental consent");
		String page = this.browser.text(By.tagName("main"));
		assertThat(page).contains("Test organization asks a parent or guardian to consent.")
			.contains("(social_media)")
			.contains("What is kept: that a parent consented");
		assertThat(this.browser.text(By.cssSelector("button[data-action='parent_session']")))
			.isEqualTo("Verify my age (opens a new tab)");
		this.browser.screenshot("84-consent-parent-verify-first");

		parentVerifies(link, LocalDate.of(1975, 6, 1));
		this.browser.click(By.cssSelector("button[data-action='reload']"));
		this.browser.await(By.cssSelector("button[data-action='consent']"));
		this.browser.screenshot("85-consent-parent-decide");
		this.browser.click(By.cssSelector("button[data-action='consent']"));
		this.browser.await(By.cssSelector("#state[data-status='consented']"));
		assertThat(this.browser.text(By.id("state"))).startsWith("You consented.");
		assertThat(this.browser.text(By.cssSelector("button[data-action='withdraw']")))
			.isEqualTo("Withdraw my consent");
		this.browser.screenshot("86-consent-parent-consented");
		JsonNode state = this.api.call("GET", "/v1/client/session/parental_consent").key(secret).send().json();
		assertThat(state.get("status").asString()).isEqualTo("consented");
		assertThat(state.get("session").get("status").asString()).isEqualTo("verified");
	}

	@Test
	void theParentCanDeclineOnTheirPage() throws Exception {
		String secret = minorSession(List.of("parental_consent"));
		String link = request(secret);
		this.browser.open("http://localhost:" + this.port + link);
		this.browser.click(By.cssSelector("button[data-action='decline']"));
		this.browser.await(By.cssSelector("#state[data-status='declined']"));
		assertThat(this.browser.text(By.id("state"))).isEqualTo("You declined. Nothing else happens.");
		this.browser.screenshot("87-consent-parent-declined");
		JsonNode state = this.api.call("GET", "/v1/client/session/parental_consent").key(secret).send().json();
		assertThat(state.get("status").asString()).isEqualTo("declined");
		assertThat(state.get("session").get("status").asString()).isEqualTo("failed");
	}

	private String minorSession(List<String> methods) {
		String key = TestOrganization.create(this.api).liveSecretKeyForSessions();
		Api.Response created = this.api.post(key, "/v1/verification_sessions",
				Map.of("type", "age", "use_case", "social_media", "jurisdiction", "US-UT", "methods", methods));
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		return created.json().get("client_secret").asString();
	}

	private void openHostedPage(String secret, String lang) {
		String id = secret.substring(0, secret.indexOf("_secret_"));
		this.browser.open("http://localhost:" + this.port + "/verify/" + id + "#cs=" + secret + "&lang=" + lang);
		this.browser.await(By.cssSelector("section[data-method='parental_consent']"));
	}

	private static String parent() {
		return "parent-" + UUID.randomUUID() + "@example.com";
	}

	/** Asks for consent through the API and answers the path of the mailed link. */
	private String request(String secret) throws Exception {
		String parent = parent();
		int before = mail.getReceivedMessages().length;
		Api.Response asked = this.api.call("POST", "/v1/client/session/parental_consent/request")
			.key(secret)
			.json(Map.of("parent_email", parent))
			.send();
		assertThat(asked.status()).as(asked.body()).isEqualTo(200);
		return link(before, parent);
	}

	/** The link in the mail after the first {@code before}, sent to {@code parent}. */
	private String link(int before, String parent) throws Exception {
		assertThat(mail.waitForIncomingEmail(5000, before + 1)).isTrue();
		MimeMessage message = mail.getReceivedMessages()[before];
		assertThat(message.getAllRecipients()[0].toString()).isEqualTo(parent);
		Matcher link = LINK.matcher(GreenMailUtil.getBody(message));
		assertThat(link.find()).as(GreenMailUtil.getBody(message)).isTrue();
		return link.group(1);
	}

	/** The parent's own check: a licence photo of an adult in the parent's session. */
	private void parentVerifies(String link, LocalDate birthDate) throws IOException {
		Api.Response started = this.api.call("POST", link + "/parent_session").send();
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		String url = started.json().get("url").asString();
		String parentSecret = url.substring(url.indexOf("#cs=") + 4);
		Api.Response photo = this.api.call("POST", "/v1/client/session/attempts")
			.key(parentSecret)
			.multipart(Map.of("method", "document_capture"), "image",
					LicenceImages.photo(LicenceImages.aamva(birthDate, LocalDate.now().plusYears(3), "P1234567"), 0,
							false),
					"image/png")
			.send();
		assertThat(photo.status()).as(photo.body()).isEqualTo(200);
		assertThat(photo.json().get("session").get("status").asString()).as(photo.body()).isEqualTo("verified");
	}

}
