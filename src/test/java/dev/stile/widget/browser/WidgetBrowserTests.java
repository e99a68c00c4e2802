package dev.stile.widget.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stile.method.LicenceImages;
import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hosted widget as a customer meets it: a merchant's checkout page on another origin
 * embeds {@code <stile-button>}, and headless Chromium completes verifications through
 * the real page. Each test checks what the merchant sees three ways: the DOM event, the
 * session through the API, and the webhook (or, live, the event the webhook carries).
 * Screenshots of each step land in {@code target/screenshots/}.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WidgetBrowserTests {

	private static final By HEADING = By.cssSelector("#screen h1");

	private static final By NOTICE = By.id("notice");

	private static final String MISSING_CHROMIUM = "Skipping the widget's browser tests: no Chromium at "
			+ Browser.CHROMIUM + " with a chromedriver at " + Browser.CHROMEDRIVER
			+ " (apt-get install chromium chromium-driver).";

	@Autowired
	private Api api;

	@LocalServerPort
	private int port;

	private Browser browser;

	private MerchantSite merchant;

	private String testSecretKey;

	private String testPublishableKey;

	@BeforeAll
	void startBrowser() throws IOException {
		Browser.assumeInstalled();
		this.merchant = new MerchantSite("http://localhost:" + this.port);
		this.browser = new Browser();
		String organization = createOrganization();
		this.testSecretKey = issueKey(organization, "secret", "test");
		this.testPublishableKey = issueKey(organization, "publishable", "test");
		subscribe(this.testSecretKey, this.merchant.webhookUrl());
	}

	@BeforeEach
	void requireChromium() {
		Assumptions.assumeTrue(this.browser != null, MISSING_CHROMIUM);
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
		if (this.merchant != null) {
			this.merchant.close();
		}
	}

	@Test
	void testModeVerificationOfAMixedCartWithAPublishableKey() {
		this.browser.open(this.merchant.checkout(Map.of("publishable-key", this.testPublishableKey, "products",
				"alcohol_delivery,tobacco_nicotine", "email-selector", "#email")));
		this.browser.screenshot("01-merchant-checkout");
		this.browser.stileButton().click();
		this.browser.enterModal();
		assertThat(this.browser.text(HEADING)).isEqualTo("Verify your age");
		assertThat(this.browser.text(By.className("badge"))).isEqualTo("21+");
		assertThat(this.browser.text(By.className("test-banner"))).contains("Test mode");
		assertThat(this.browser.text(By.className("progress"))).startsWith("Way 1 of ");
		this.browser.screenshot("02-test-mode-first-method");
		this.browser.click(By.id("test-submit"));
		assertThat(this.browser.awaitOutcome()).isEqualTo("verified");
		assertThat(this.browser.text(HEADING)).isEqualTo("You're verified");
		this.browser.screenshot("03-test-mode-verified");
		this.browser.click(By.id("close"));
		String sessionId = this.browser.awaitEvent("stile:verified");
		assertThat(this.browser.modalOpen()).isFalse();
		this.browser.screenshot("04-merchant-after-verified");
		JsonNode session = session(this.testSecretKey, sessionId);
		assertThat(session.get("status").asString()).isEqualTo("verified");
		assertThat(session.get("age_tier").asString()).isEqualTo("over_21");
		assertThat(session.get("jurisdiction").asString()).isEqualTo("US-CA");
		assertThat(session.get("metadata").get("products").asString()).isEqualTo("alcohol_delivery,tobacco_nicotine");
		assertThat(session.get("livemode").asBoolean()).isFalse();
		awaitWebhook(sessionId, "verification_session.verified");
	}

	@Test
	void aFailureOnTheLastMethodFailsTheSession() {
		JsonNode created = createSession(this.testSecretKey, Map.of("type", "age", "use_case", "alcohol_delivery",
				"jurisdiction", "US-CA", "methods", List.of("facial_age", "document_capture")));
		this.browser.open(this.merchant.checkout(Map.of("client-secret", created.get("client_secret").asString())));
		this.browser.stileButton().click();
		this.browser.enterModal();
		this.browser.click(By.id("test-outcome-failed"));
		this.browser.click(By.id("test-submit"));
		this.browser.await(By.cssSelector("section[data-method='document_capture']"));
		assertThat(this.browser.text(NOTICE))
			.isEqualTo("The simulated check failed. Let's try another way: Photo of your driver's licence.");
		this.browser.screenshot("10-failure-then-next-method");
		// An 18-year-old is below the tier: the last method fails, and so does the
		// session.
		WebElement age = this.browser.await(By.id("test-age"));
		age.clear();
		age.sendKeys("18");
		this.browser.click(By.id("test-submit"));
		assertThat(this.browser.awaitOutcome()).isEqualTo("failed");
		assertThat(this.browser.text(HEADING)).isEqualTo("We couldn't verify you");
		this.browser.screenshot("11-failed");
		String sessionId = this.browser.awaitEvent("stile:failed");
		assertThat(sessionId).isEqualTo(created.get("id").asString());
		JsonNode session = session(this.testSecretKey, sessionId);
		assertThat(session.get("status").asString()).isEqualTo("failed");
		assertThat(session.get("results")).hasSize(2);
		assertThat(session.get("results").get(1).get("error_code").asString()).isEqualTo("age_below_tier");
		awaitWebhook(sessionId, "verification_session.failed");
	}

	@Test
	void tryAnotherWaySkipsToTheNextMethodWhereAnUploadedLicenceVerifies() throws IOException {
		this.browser.open(this.merchant
			.checkout(Map.of("publishable-key", this.testPublishableKey, "products", "alcohol_delivery")));
		this.browser.stileButton().click();
		this.browser.enterModal();
		String first = this.browser.await(By.cssSelector("section[data-method]")).getAttribute("data-method");
		this.browser.click(By.id("skip"));
		this.browser.awaitGone(By.cssSelector("section[data-method='" + first + "']"));
		assertThat(this.browser.text(NOTICE)).startsWith("Let's try another way: ");
		assertThat(this.browser.text(By.className("progress"))).startsWith("Way 2 of ");
		this.browser.screenshot("20-try-another-way");
		String current = this.browser.await(By.cssSelector("section[data-method]")).getAttribute("data-method");
		while (!"document_capture".equals(current)) {
			this.browser.click(By.id("skip"));
			this.browser.awaitGone(By.cssSelector("section[data-method='" + current + "']"));
			current = this.browser.await(By.cssSelector("section[data-method]")).getAttribute("data-method");
		}
		// Test mode runs the real barcode reader when no test input is given.
		Path photo = licencePhoto(TestClock.utcToday().minusYears(30));
		this.browser.await(By.id("document-file")).sendKeys(photo.toString());
		this.browser.click(By.id("upload-submit"));
		assertThat(this.browser.awaitOutcome()).isEqualTo("verified");
		this.browser.click(By.id("close"));
		String sessionId = this.browser.awaitEvent("stile:verified");
		JsonNode session = session(this.testSecretKey, sessionId);
		assertThat(session.get("status").asString()).isEqualTo("verified");
		JsonNode last = session.get("results").get(session.get("results").size() - 1);
		assertThat(last.get("method").asString()).isEqualTo("document_capture");
		assertThat(last.get("provider_name").asString()).isNotEqualTo("stile_test_mode");
		awaitWebhook(sessionId, "verification_session.verified");
	}

	@Test
	void cancelInTheWidgetCancelsTheSession() {
		this.browser.open(this.merchant
			.checkout(Map.of("publishable-key", this.testPublishableKey, "products", "tobacco_nicotine")));
		this.browser.stileButton().click();
		this.browser.enterModal();
		this.browser.click(By.id("cancel"));
		assertThat(this.browser.text(By.id("cancel-question"))).startsWith("Cancel the verification?");
		this.browser.screenshot("30-cancel-question");
		this.browser.click(By.id("cancel-yes"));
		assertThat(this.browser.awaitOutcome()).isEqualTo("cancelled");
		this.browser.screenshot("31-cancelled");
		String sessionId = this.browser.awaitEvent("stile:cancelled");
		assertThat(session(this.testSecretKey, sessionId).get("status").asString()).isEqualTo("cancelled");
		awaitWebhook(sessionId, "verification_session.cancelled");
	}

	@Test
	void closingTheModalCancelsTheSession() {
		this.browser.open(this.merchant
			.checkout(Map.of("publishable-key", this.testPublishableKey, "products", "alcohol_delivery")));
		this.browser.stileButton().click();
		this.browser.enterModal();
		this.browser.driver().switchTo().defaultContent();
		this.browser.driver()
			.findElement(By.cssSelector("[data-stile-dialog]"))
			.getShadowRoot()
			.findElement(By.cssSelector("button.close"))
			.click();
		String sessionId = this.browser.awaitEvent("stile:cancelled");
		assertThat(this.browser.modalOpen()).isFalse();
		assertThat(session(this.testSecretKey, sessionId).get("status").asString()).isEqualTo("cancelled");
	}

	@Test
	void liveSelfAttestationInSpanish() {
		String key = liveSecretKey();
		JsonNode created = createSession(key, Map.of("type", "age", "use_case", "social_media", "jurisdiction", "ZZ",
				"methods", List.of("self_attestation")));
		this.browser.open(
				this.merchant.checkout(Map.of("client-secret", created.get("client_secret").asString(), "lang", "es")));
		assertThat(this.browser.stileButton().getText()).isEqualTo("Verifica tu edad");
		this.browser.stileButton().click();
		this.browser.enterModal();
		assertThat(this.browser.text(HEADING)).isEqualTo("Verifica tu edad");
		assertThat(this.browser.driver().findElements(By.className("test-banner"))).isEmpty();
		assertThat(this.browser.driver().findElements(By.id("test-form"))).isEmpty();
		this.browser.await(By.id("birth-day")).sendKeys("31");
		this.browser.await(By.id("birth-month")).sendKeys("2");
		this.browser.await(By.id("birth-year")).sendKeys("1990");
		this.browser.click(By.id("self-submit"));
		assertThat(this.browser.text(By.id("self-error"))).startsWith("Introduce una fecha de nacimiento real");
		this.browser.screenshot("40-live-self-attestation-error-es");
		new org.openqa.selenium.support.ui.Select(this.browser.await(By.id("language"))).selectByValue("en");
		this.browser.awaitUntil((driver) -> "Verify your age".equals(this.browser.text(HEADING)));
		WebElement day = this.browser.await(By.id("birth-day"));
		day.clear();
		day.sendKeys("17");
		WebElement month = this.browser.await(By.id("birth-month"));
		month.clear();
		month.sendKeys("5");
		WebElement year = this.browser.await(By.id("birth-year"));
		year.clear();
		year.sendKeys("1990");
		this.browser.click(By.id("birth-confirm"));
		this.browser.screenshot("41-live-self-attestation-filled");
		this.browser.click(By.id("self-submit"));
		assertThat(this.browser.awaitOutcome()).isEqualTo("verified");
		this.browser.screenshot("42-live-self-attestation-verified");
		this.browser.click(By.id("close"));
		String sessionId = this.browser.awaitEvent("stile:verified");
		JsonNode session = session(key, sessionId);
		assertThat(session.get("status").asString()).isEqualTo("verified");
		assertThat(session.get("livemode").asBoolean()).isTrue();
		assertThat(session.get("results").get(0).get("method").asString()).isEqualTo("self_attestation");
		awaitEvent(key, sessionId, "verification_session.verified");
	}

	@Test
	void liveDocumentCaptureByFileUploadAsksForABetterPhotoFirst() throws IOException {
		String key = liveSecretKey();
		JsonNode created = createSession(key, Map.of("type", "age", "use_case", "alcohol_delivery", "jurisdiction",
				"US-CA", "methods", List.of("document_capture")));
		this.browser.open(this.merchant.checkout(Map.of("client-secret", created.get("client_secret").asString())));
		this.browser.stileButton().click();
		this.browser.enterModal();
		this.browser.screenshot("50-live-document-capture");
		Path blank = Files.createTempFile("blank", ".png");
		Files.write(blank, LicenceImages.blankPhoto());
		this.browser.await(By.id("document-file")).sendKeys(blank.toString());
		this.browser.click(By.id("upload-submit"));
		assertThat(this.browser.text(NOTICE)).startsWith("We couldn't read the barcode.").endsWith("Please try again.");
		this.browser.screenshot("51-live-document-capture-unreadable");
		Path photo = licencePhoto(TestClock.utcToday().minusYears(35));
		this.browser.await(By.id("document-file")).sendKeys(photo.toString());
		this.browser.click(By.id("upload-submit"));
		assertThat(this.browser.awaitOutcome()).isEqualTo("verified");
		this.browser.screenshot("52-live-document-capture-verified");
		this.browser.click(By.id("close"));
		String sessionId = this.browser.awaitEvent("stile:verified");
		JsonNode session = session(key, sessionId);
		assertThat(session.get("status").asString()).isEqualTo("verified");
		assertThat(session.get("results")).hasSize(2);
		assertThat(session.get("results").get(1).get("age_verified").asBoolean()).isTrue();
		awaitEvent(key, sessionId, "verification_session.verified");
	}

	@Test
	void theCameraPathTakesAPhotoThroughAFrameGuide() {
		JsonNode created = createSession(this.testSecretKey,
				Map.of("type", "age", "jurisdiction", "US-CA", "methods", List.of("document_capture")));
		this.browser.open(this.merchant.checkout(Map.of("client-secret", created.get("client_secret").asString())));
		this.browser.stileButton().click();
		this.browser.enterModal();
		this.browser.click(By.id("camera-start"));
		this.browser.await(By.cssSelector("#camera .guide"));
		this.browser.awaitUntil(
				(driver) -> ((Number) this.browser.script("return document.getElementById('camera-video').videoWidth"))
					.intValue() > 0);
		this.browser.screenshot("60-camera-frame-guide");
		this.browser.click(By.id("camera-capture"));
		// Chromium's fake camera films a test pattern, not a licence.
		assertThat(this.browser.text(NOTICE)).startsWith("We couldn't read the barcode.");
		JsonNode session = session(this.testSecretKey, created.get("id").asString());
		assertThat(session.get("results").get(0).get("error_code").asString()).isEqualTo("barcode_unreadable");
	}

	@Test
	void keyboardAloneCompletesAVerification() {
		this.browser.open(this.merchant
			.checkout(Map.of("publishable-key", this.testPublishableKey, "products", "alcohol_delivery")));
		this.browser.stileButton();
		Actions keys = new Actions(this.browser.driver());
		tabUntil(() -> "verify".equals(this.browser.script("return document.activeElement.id")));
		keys.sendKeys(Keys.ENTER).perform();
		this.browser.enterModal();
		tabUntil(() -> "test-submit".equals(this.browser.script("return document.activeElement.id")));
		keys.sendKeys(Keys.ENTER).perform();
		assertThat(this.browser.awaitOutcome()).isEqualTo("verified");
		// The result's heading takes the focus, so the next stop is the close button.
		// Space, which activates a button on key up: Enter would click it on key down,
		// remove the frame, and leave the driver sending the key up to a frame that is
		// gone.
		tabUntil(() -> "close".equals(this.browser.script("return document.activeElement.id")));
		keys.sendKeys(Keys.SPACE).perform();
		String sessionId = this.browser.awaitEvent("stile:verified");
		assertThat(session(this.testSecretKey, sessionId).get("status").asString()).isEqualTo("verified");
	}

	@Test
	void redirectModeRunsFullPageAndReturnsToTheMerchant() {
		String checkout = this.merchant.checkout(
				Map.of("publishable-key", this.testPublishableKey, "products", "alcohol_delivery", "mode", "redirect"));
		this.browser.open(checkout);
		this.browser.stileButton().click();
		this.browser.await(By.id("test-submit"));
		String url = this.browser.driver().getCurrentUrl();
		assertThat(url).startsWith("http://localhost:" + this.port + "/verify/vks_").doesNotContain("#");
		this.browser.screenshot("70-full-page");
		this.browser.click(By.id("test-submit"));
		assertThat(this.browser.awaitOutcome()).isEqualTo("verified");
		this.browser.screenshot("71-full-page-verified");
		this.browser.awaitUntil((driver) -> driver.getCurrentUrl().equals(checkout));
		String sessionId = url.substring(url.lastIndexOf('/') + 1);
		JsonNode session = session(this.testSecretKey, sessionId);
		assertThat(session.get("status").asString()).isEqualTo("verified");
		assertThat(session.get("return_url").asString()).isEqualTo(checkout);
	}

	private void tabUntil(java.util.function.BooleanSupplier focused) {
		Actions keys = new Actions(this.browser.driver());
		for (int i = 0; i < 30 && !focused.getAsBoolean(); i++) {
			keys.sendKeys(Keys.TAB).perform();
		}
		assertThat(focused.getAsBoolean()).as("reached by Tab").isTrue();
	}

	private Path licencePhoto(LocalDate birthDate) throws IOException {
		Path photo = Files.createTempFile("licence", ".png");
		Files.write(photo, LicenceImages
			.photo(LicenceImages.aamva(birthDate, TestClock.utcToday().plusYears(3), "D123"), 0, false));
		return photo;
	}

	private JsonNode session(String key, String id) {
		Api.Response response = this.api.get(key, "/v1/verification_sessions/" + id + "?expand[]=results");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private JsonNode createSession(String key, Map<String, Object> body) {
		Api.Response response = this.api.post(key, "/v1/verification_sessions", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private void awaitWebhook(String sessionId, String type) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (Instant.now().isBefore(deadline)) {
			boolean received = this.merchant.webhooks()
				.stream()
				.anyMatch((event) -> type.equals(event.get("type").asString())
						&& sessionId.equals(event.get("data").get("object").get("id").asString()));
			if (received) {
				return;
			}
			pause();
		}
		throw new AssertionError("No " + type + " webhook for " + sessionId + "; received " + this.merchant.webhooks());
	}

	/**
	 * Live endpoints must be public, so a live test reads the events its webhook sends.
	 */
	private void awaitEvent(String key, String sessionId, String type) {
		Api.Response events = this.api.get(key, "/v1/events?session_id=" + sessionId);
		assertThat(events.status()).as(events.body()).isEqualTo(200);
		assertThat(events.json().get("data").valueStream().map((event) -> event.get("type").asString())).contains(type);
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String liveSecretKey() {
		String key = issueKey(createOrganization(), "secret", "live");
		// Live sessions need an enabled live webhook endpoint.
		subscribe(key, "https://example.com/hook");
		return key;
	}

	private String createOrganization() {
		Api.Response response = this.api.call("POST", "/admin/v1/organizations")
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("name", "Widget test merchant"))
			.send();
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().get("id").asString();
	}

	private String issueKey(String organization, String type, String mode) {
		Api.Response response = this.api.call("POST", "/admin/v1/organizations/" + organization + "/api_keys")
			.key(Api.ADMIN_TOKEN)
			.json(Map.of("type", type, "mode", mode))
			.send();
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().get("secret").asString();
	}

	private void subscribe(String key, String url) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("url", url);
		body.put("enabled_events", List.of("*"));
		Api.Response response = this.api.post(key, "/v1/webhook_endpoints", body);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

}
