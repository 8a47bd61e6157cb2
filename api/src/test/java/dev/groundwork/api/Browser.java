package dev.groundwork.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven over WebDriver by the system's chromedriver: both binaries are given
 * by path, so Selenium Manager never runs and nothing is downloaded.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMEDRIVER = Path.of(System.getProperty("groundwork.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("groundwork.chromium", "/usr/bin/chromium"));

    /**
     * Runs before any page script: records alert() calls and uncaught errors instead of showing
     * them, so that a test can tell whether page content ran as script.
     */
    private static final String RECORDER = """
            window.__alerts = [];
            window.__errors = [];
            window.alert = (message) => { window.__alerts.push(String(message)); };
            window.addEventListener("error", (e) => window.__errors.push(String(e.message)));
            window.addEventListener("unhandledrejection", (e) => window.__errors.push(String(e.reason)));
            """;

    /**
     * Selenium warns that it has no DevTools bindings for this Chromium; none are used (CDP commands
     * go through chromedriver). Held here because java.util.logging keeps loggers weakly.
     */
    private static final List<Logger> QUIET = Stream.of(
                    "org.openqa.selenium.devtools.CdpVersionFinder", "org.openqa.selenium.chromium.ChromiumDriver")
            .map(Logger::getLogger)
            .toList();

    private final ChromeDriverService service;
    final ChromeDriver driver;

    private Browser(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Starts Chromium with a fresh profile in {@code profile}, failing clearly when a binary is missing. */
    static Browser start(Path profile) {
        QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
        requireExecutable(CHROMEDRIVER, "chromedriver", "chromium-driver");
        requireExecutable(CHROMIUM, "Chromium", "chromium");
        // Belt and braces: were Selenium Manager ever consulted, it must not go online.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=1280,900");
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORDER));
        return new Browser(service, driver);
    }

    private static void requireExecutable(Path path, String what, String debianPackage) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(what + " not found at " + path + ": install it (apt-get install "
                    + debianPackage + "; .ci/run does), point -Dgroundwork."
                    + (what.equals("Chromium") ? "chromium" : "chromedriver")
                    + " at it, or skip the browser tests with -Dgroundwork.skipBrowserTests=true");
        }
    }

    <T> T waitUntil(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout)
                .withMessage(() -> what)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class) // the page re-rendered under the condition: look again
                .until(condition);
    }

    WebElement waitFor(By by, Duration timeout) {
        return waitUntil(timeout, "element " + by + " to be shown", d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        });
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Shows the page as with the system's {@code light} or {@code dark} colour scheme. */
    void colorScheme(String scheme) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Saves a PNG of the viewport (overwriting an earlier one). */
    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the screenshot " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
