package dev.stile.widget.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through the system chromedriver, with the helpers the
 * widget's tests share: the modal's frame, waits, and screenshots at phone and desktop
 * size.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of(System.getProperty("stile.chromium", "/usr/bin/chromium"));

	static final Path CHROMEDRIVER = Path.of(System.getProperty("stile.chromedriver", "/usr/bin/chromedriver"));

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/**
	 * Set where Chromium must exist (CI passes {@code -Dstile.browser.required=true}): a
	 * missing browser then fails the browser tests instead of skipping them.
	 */
	static final boolean REQUIRED = Boolean.getBoolean("stile.browser.required");

	private static final Map<String, int[]> SIZES = Map.of("phone", new int[] { 390, 844 }, "desktop",
			new int[] { 1280, 900 });

	private final ChromeDriver driver;

	private final WebDriverWait wait;

	private boolean phone = true;

	/**
	 * Skips the calling test class, loudly, where Chromium or its driver is missing;
	 * fails it instead where {@link #REQUIRED}.
	 */
	static void assumeInstalled() {
		if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
			return;
		}
		String missing = "no Chromium at " + CHROMIUM + " with a chromedriver at " + CHROMEDRIVER
				+ " (apt-get install chromium chromium-driver, or -Dstile.chromium and -Dstile.chromedriver)";
		if (REQUIRED) {
			throw new AssertionError(
					"The widget's browser tests must run here (stile.browser.required), but found " + missing + ".");
		}
		System.err.println("""

				*** SKIPPING THE WIDGET'S BROWSER TESTS: %s. ***
				*** CSP in a real browser, keyboard use, Spanish, the camera path and the playground are untested. ***
				""".formatted(missing));
		Assumptions.abort("Skipping the widget's browser tests: " + missing + ".");
	}

	Browser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// A fake camera, so that the capture path runs without hardware or a prompt.
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-dev-shm-usage", "--window-size=1280,900", "--use-fake-ui-for-media-stream",
				"--use-fake-device-for-media-stream", "--lang=en-US");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		// A command the browser never answers fails the test in a minute instead of
		// holding the build for Selenium's default three.
		this.driver = new ChromeDriver(service, options,
				ClientConfig.defaultConfig().readTimeout(Duration.ofSeconds(60)));
		this.wait = new WebDriverWait(this.driver, Duration.ofSeconds(20));
		size("phone");
	}

	ChromeDriver driver() {
		return this.driver;
	}

	void open(String url) {
		this.driver.switchTo().defaultContent();
		this.driver.get(url);
	}

	/** The viewport of a phone (390×844) or a desktop (1280×900). */
	void size(String name) {
		int[] size = SIZES.get(name);
		this.phone = name.equals("phone");
		this.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
				Map.of("width", size[0], "height", size[1], "deviceScaleFactor", 1, "mobile", this.phone));
	}

	/**
	 * Writes {@code target/screenshots/<name>-phone.png} and {@code -desktop.png}, then
	 * goes back to the phone size.
	 */
	void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			for (String size : List.of("phone", "desktop")) {
				size(size);
				Thread.sleep(150);
				Files.write(SCREENSHOTS.resolve(name + "-" + size + ".png"),
						this.driver.getScreenshotAs(OutputType.BYTES));
			}
			size("phone");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The button inside the merchant page's {@code <stile-button>}. */
	WebElement stileButton() {
		this.driver.switchTo().defaultContent();
		WebElement host = this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verify")));
		return this.wait.until((d) -> {
			SearchContext root = host.getShadowRoot();
			List<WebElement> buttons = root.findElements(By.cssSelector("button"));
			return buttons.isEmpty() ? null : buttons.get(0);
		});
	}

	/** Switches into the hosted page of the open modal, once it shows its session. */
	void enterModal() {
		this.driver.switchTo().defaultContent();
		WebElement frame = this.wait.until((d) -> {
			List<WebElement> hosts = d.findElements(By.cssSelector("[data-stile-dialog]"));
			if (hosts.isEmpty()) {
				return null;
			}
			List<WebElement> frames = hosts.get(0).getShadowRoot().findElements(By.cssSelector("iframe"));
			return frames.isEmpty() ? null : frames.get(0);
		});
		this.driver.switchTo().frame(frame);
		await(By.cssSelector("#screen h1"));
	}

	boolean modalOpen() {
		this.driver.switchTo().defaultContent();
		return !this.driver.findElements(By.cssSelector("[data-stile-dialog]")).isEmpty();
	}

	WebElement await(By by) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	void awaitGone(By by) {
		this.wait.until(ExpectedConditions.invisibilityOfElementLocated(by));
	}

	void click(By by) {
		this.wait.until(ExpectedConditions.elementToBeClickable(by)).click();
	}

	String text(By by) {
		return await(by).getText();
	}

	/** Waits until the hosted page shows a result screen, and answers its outcome. */
	String awaitOutcome() {
		return await(By.cssSelector(".done[data-outcome]")).getAttribute("data-outcome");
	}

	/** Waits for the merchant page's record of a DOM event and answers its session id. */
	String awaitEvent(String type) {
		this.driver.switchTo().defaultContent();
		return await(By.cssSelector("#events li[data-type='" + type + "']")).getAttribute("data-session");
	}

	/** The DOM events the merchant page has recorded, as {@code type}. */
	List<String> events() {
		this.driver.switchTo().defaultContent();
		return this.driver.findElements(By.cssSelector("#events li"))
			.stream()
			.map((item) -> item.getAttribute("data-type"))
			.toList();
	}

	Object script(String code, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(code, arguments);
	}

	/** Console messages of the pages since the last call, CSP violations included. */
	List<String> console() {
		return this.driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
	}

	void awaitUntil(java.util.function.Function<ChromeDriver, Boolean> condition) {
		new WebDriverWait(this.driver, Duration.ofSeconds(20)).until((d) -> condition.apply(this.driver));
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
