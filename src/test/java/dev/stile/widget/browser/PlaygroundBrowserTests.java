package dev.stile.widget.browser;

import dev.stile.support.Api;
import dev.stile.support.IntegrationTest;
import dev.stile.support.TestOrganization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API playground at {@code /docs} as a developer uses it in headless Chromium: it
 * lists the operations of {@code /v1/openapi.json}, takes a test key, and a call made
 * from it creates a real session.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlaygroundBrowserTests {

	private static final String OPERATION = "#operations-Verification_sessions-createVerificationSession";

	@Autowired
	private Api api;

	@LocalServerPort
	private int port;

	private Browser browser;

	@BeforeAll
	void startBrowser() {
		Browser.assumeInstalled();
		this.browser = new Browser();
		this.browser.size("desktop");
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void aCallFromThePlaygroundWithATestKeyCreatesASession() {
		assumeTrue(this.browser != null, "Skipping: no Chromium at " + Browser.CHROMIUM);
		String key = TestOrganization.create(this.api).testSecretKey();
		this.browser.open("http://localhost:" + this.port + "/docs");
		assertThat(this.browser.text(By.cssSelector(".info .title"))).startsWith("Stile API");
		assertThat(this.browser.text(By.cssSelector(OPERATION))).contains("/v1/verification_sessions");

		this.browser.click(By.cssSelector(".auth-wrapper .authorize"));
		this.browser.await(By.cssSelector(".auth-container input")).sendKeys(key);
		this.browser.click(By.cssSelector(".auth-btn-wrapper .authorize"));
		this.browser.click(By.cssSelector(".auth-btn-wrapper .btn-done"));

		this.browser.click(By.cssSelector(OPERATION + " .opblock-summary"));
		By tryItOut = By.cssSelector(OPERATION + " .try-out__btn");
		By editor = By.cssSelector(OPERATION + " textarea.body-param__text");
		// The block renders in steps and a click during one is lost: click until the
		// editor opens.
		this.browser.awaitUntil((driver) -> {
			if (driver.findElements(editor).isEmpty()) {
				driver.findElements(tryItOut).forEach((button) -> button.click());
				return false;
			}
			return true;
		});
		WebElement body = this.browser.await(editor);
		body.clear();
		body.sendKeys("{\"type\": \"age\", \"client_reference_id\": \"from-the-playground\"}");
		this.browser.click(By.cssSelector(OPERATION + " .execute"));
		String status = this.browser
			.text(By.cssSelector(OPERATION + " .live-responses-table .response .response-col_status"));
		this.browser.screenshot("playground-create");

		assertThat(status).startsWith("200");
		JsonNode sessions = this.api.get(key, "/v1/verification_sessions").json();
		assertThat(sessions.get("data").get(0).get("client_reference_id").asString()).isEqualTo("from-the-playground");
	}

}
