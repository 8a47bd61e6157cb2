package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The web chat in a real headless Chromium against the whole application: upload documents through
 * the page and watch the job finish, ask a question and see the answer stream and then arrive
 * verified, open a citation on its exact characters, browse and delete documents, show markup in
 * documents as text, and use the page on a narrow screen. Saves screenshots of the main screens
 * into {@code docs/screenshots/}.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian's {@code chromium}
 * and {@code chromium-driver}); fails when they are missing unless {@code
 * -Dgroundwork.skipBrowserTests=true} asks to skip it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(value = "browserTestsWanted", disabledReason = "-Dgroundwork.skipBrowserTests=true")
class WebChatIT {

    static final Path work = TestFolders.create("webchat-it");
    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");
    static final Path SAMPLES = Path.of("..", "samples");
    static final String QUESTION = "How often does the fog horn sound?";
    static final String HANDBOOK = "Keeper's Handbook of the Marrow Point Light";
    static final Duration JOB = Duration.ofMinutes(3);
    static final Duration ANSWER = Duration.ofMinutes(2);
    static final Duration SHORT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    Api api;
    Browser browser;
    long conversationId;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
    }

    static boolean browserTestsWanted() {
        return !Boolean.getBoolean("groundwork.skipBrowserTests");
    }

    @BeforeAll
    void startBrowser() {
        api = new Api(port);
        browser = Browser.start(work.resolve("chromium-profile"));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void uploadsDocumentsAndShowsTheJobUntilItFinishes() throws IOException {
        Path broken = Files.write(work.resolve("broken.pdf"), "not a PDF at all".getBytes(StandardCharsets.UTF_8));
        open("#/documents");

        browser.find(By.id("upload-files"))
                .sendKeys(String.join(
                        "\n",
                        sample("lighthouse-handbook.md"),
                        sample("honeybees.md"),
                        sample("sourdough-guide.txt"),
                        broken.toString()));
        WebElement collection = browser.find(By.id("upload-collection"));
        collection.clear();
        collection.sendKeys("handbooks");
        browser.find(By.id("upload-submit")).click();

        WebElement job = browser.waitUntil(
                JOB,
                "the upload job to finish",
                d -> d.findElements(By.cssSelector("#upload-jobs .job[data-status=finished]")).stream()
                        .findFirst()
                        .orElse(null));
        String progress = job.findElement(By.className("job-line")).getText();
        assertThat(progress).contains("3 of 4 files done").contains("1 failed").containsPattern("\\d+ chunks");
        assertThat(job.findElement(By.className("job-state")).getText()).isEqualTo("Finished with failures");
        assertThat(job.findElement(By.tagName("progress")).getDomProperty("value"))
                .isEqualTo("4");
        assertThat(job.findElement(By.className("job-failures")).getText()).contains("broken.pdf");

        browser.waitUntil(
                SHORT,
                "the uploaded handbook to be listed",
                d -> browser.find(By.id("documents-rows")).getText().contains(HANDBOOK));
        browser.screenshot(SCREENSHOTS.resolve("upload.png"));
    }

    @Test
    @Order(2)
    void streamsTheAnswerThenShowsItVerifiedWithCitationsThatOpenTheExactSpan() {
        open("#/");
        new Select(browser.find(By.id("collection-picker"))).selectByValue("handbooks");
        assertThat(browser.find(By.id("chat-scope")).getText()).contains("handbooks");
        WebElement input = browser.find(By.id("composer-input"));
        input.sendKeys(QUESTION);
        input.sendKeys(Keys.ENTER);

        WebElement answer = browser.waitUntil(
                ANSWER,
                "the verified answer",
                d -> d.findElements(By.cssSelector(".message.assistant[data-state=verified]")).stream()
                        .findFirst()
                        .orElse(null));
        assertThat(answer.getDomAttribute("data-streamed"))
                .as("the answer came over the streaming endpoint")
                .isEqualTo("true");
        assertThat(Integer.parseInt(answer.getDomAttribute("data-tokens")))
                .as("tokens shown as they arrived")
                .isPositive();
        WebElement body = answer.findElement(By.className("answer-body"));
        assertThat(body.getText()).contains("three seconds");
        assertThat(browser.find(By.id("chat-status")).getText()).startsWith("Answer ready.");
        assertThat(browser.find(By.id("chat-title")).getText()).isEqualTo(QUESTION);
        conversationId = Long.parseLong(browser.driver.getCurrentUrl().replaceFirst(".*#/c/", ""));
        assertThat(api.get("/api/conversations/" + conversationId)
                        .path("turns")
                        .get(0)
                        .path("question")
                        .asString())
                .isEqualTo(QUESTION);

        // A verdict on every sentence: an icon with its label for screen readers, evidence on hover and on click.
        List<WebElement> verdicts = body.findElements(By.cssSelector(".verdict"));
        assertThat(verdicts).isNotEmpty();
        WebElement verdict = verdicts.getFirst();
        assertThat(verdict.getDomAttribute("data-support")).isIn("SUPPORTED", "PARTIAL", "UNSUPPORTED");
        assertThat(verdict.findElement(By.className("visually-hidden")).getDomProperty("textContent"))
                .containsAnyOf("Supported", "Partly supported", "Unsupported");
        new Actions(browser.driver).moveToElement(verdict).perform();
        WebElement tip = browser.waitFor(By.cssSelector(".verdict-wrap:hover .verdict-tip"), SHORT);
        assertThat(tip.getText()).containsAnyOf("Supported", "Partly supported", "Unsupported");
        verdict.click();
        assertThat(verdict.getDomAttribute("aria-expanded")).isEqualTo("true");
        WebElement evidence = browser.waitFor(By.cssSelector(".message.assistant .evidence"), SHORT);
        assertThat(evidence.getText()).contains("Sentence 1").contains("Best evidence");
        verdict.click();
        assertThat(evidence.isDisplayed()).isFalse();

        // The [n] marker after the sentence that answers opens the document on the cited characters.
        WebElement cite = body.findElements(By.cssSelector("button.cite")).stream()
                .filter(button -> citedText(button).contains("three seconds"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no citation of the sentence about three seconds"));
        cite.click();
        browser.waitFor(By.cssSelector("#source-dialog[open] mark#source-mark"), SHORT);
        assertThat(markText()).isEqualTo(citedText(cite));
        assertThat(browser.find(By.id("source-title")).getText()).isEqualTo(HANDBOOK);
        browser.waitUntil(SHORT, "the marked span to be scrolled into view", d -> (Boolean) browser.js("""
                const mark = document.getElementById("source-mark").getBoundingClientRect();
                const box = document.getElementById("source-text").getBoundingClientRect();
                return mark.top >= box.top && mark.bottom <= box.bottom;"""));
        browser.screenshot(SCREENSHOTS.resolve("chat.png"));

        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.waitUntil(
                SHORT,
                "the source panel to close",
                d -> !browser.find(By.id("source-dialog")).isDisplayed());
        assertThat(browser.driver.switchTo().activeElement())
                .as("focus back on the marker")
                .isEqualTo(cite);

        WebElement listed =
                browser.waitFor(By.cssSelector("#conversation-list a[href='#/c/" + conversationId + "']"), SHORT);
        assertThat(listed.getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(listed.getText()).contains(QUESTION);
    }

    @Test
    @Order(3)
    void showsAStoredConversationAgainAfterAReload() {
        open("#/c/" + conversationId);
        WebElement answer = browser.waitFor(By.cssSelector(".message.assistant[data-state=verified]"), SHORT);
        assertThat(answer.getText()).contains("three seconds");
        assertThat(answer.findElements(By.cssSelector(".verdict"))).isNotEmpty();
        assertThat(browser.find(By.cssSelector(".message.user")).getText()).isEqualTo(QUESTION);

        browser.colorScheme("dark");
        try {
            answer.findElement(By.cssSelector(".verdict")).click();
            browser.screenshot(SCREENSHOTS.resolve("chat-dark.png"));
        } finally {
            browser.colorScheme("light");
        }
    }

    @Test
    @Order(4)
    void browsesTheDocumentsOfACollectionAndOpensOne() {
        open("#/documents");
        new Select(browser.find(By.id("browse-collection"))).selectByValue("handbooks");
        WebElement row = browser.waitUntil(
                SHORT,
                "the handbook in the document list",
                d -> d.findElements(By.cssSelector("#documents-rows tr")).stream()
                        .filter(r -> r.getText().contains(HANDBOOK))
                        .findFirst()
                        .orElse(null));
        assertThat(browser.find(By.id("documents-rows")).findElements(By.tagName("tr")))
                .hasSize(3);
        assertThat(row.getText()).contains("lighthouse-handbook.md");
        browser.js("document.getElementById('browse-heading').scrollIntoView()");
        browser.screenshot(SCREENSHOTS.resolve("documents.png"));

        row.findElement(By.cssSelector("button.link")).click();
        browser.waitUntil(
                SHORT,
                "the document's text",
                d -> browser.find(By.id("source-text")).getText().contains("fog horn"));
        long id = Long.parseLong(row.getDomAttribute("data-document-id"));
        assertThat(browser.find(By.id("source-text")).getDomProperty("textContent"))
                .isEqualTo(api.get("/api/documents/" + id).path("text").asString());
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    }

    @Test
    @Order(5)
    void collapsesTheSidebarBehindAButtonOnANarrowScreen() {
        Dimension wide = browser.driver.manage().window().getSize();
        browser.driver.manage().window().setSize(new Dimension(420, 860));
        try {
            open("#/c/" + conversationId);
            browser.waitFor(By.cssSelector(".message.assistant[data-state=verified]"), SHORT);
            WebElement sidebar = browser.find(By.id("sidebar"));
            WebElement toggle = browser.find(By.id("menu-toggle"));
            assertThat(sidebar.isDisplayed()).as("sidebar collapsed").isFalse();
            assertThat(toggle.isDisplayed()).isTrue();
            assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
            assertThat((Long) browser.js("return window.innerWidth")).isLessThan(800L);
            assertThat((Boolean) browser.js("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("no horizontal scrolling")
                    .isTrue();
            browser.screenshot(SCREENSHOTS.resolve("narrow.png"));

            toggle.click();
            browser.waitUntil(SHORT, "the sidebar to open", d -> sidebar.isDisplayed());
            assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("true");
            browser.waitUntil(SHORT, "the sidebar to finish sliding in", d -> (Boolean)
                    browser.js("return document.getElementById('sidebar').getBoundingClientRect().left >= 0"));
            browser.screenshot(SCREENSHOTS.resolve("narrow-menu.png"));

            browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            browser.waitUntil(SHORT, "the sidebar to close", d -> !sidebar.isDisplayed());
            assertThat(browser.driver.switchTo().activeElement()).isEqualTo(toggle);
        } finally {
            browser.driver.manage().window().setSize(wide);
        }
    }

    @Test
    @Order(6)
    void showsMarkupInADocumentAsTextAndDeletesTheDocumentAfterConfirming() throws IOException {
        String markup = "Markup test <img src=x onerror=alert(1)> and <script>alert(2)</script> stay plain text.";
        Path file = Files.writeString(
                work.resolve("markup.txt"),
                markup + "\n\nThe tag <b>bold</b> and the entity &amp; are shown as typed.\n",
                StandardCharsets.UTF_8);
        open("#/documents");
        browser.find(By.id("upload-files")).sendKeys(file.toString());
        WebElement collection = browser.find(By.id("upload-collection"));
        collection.clear();
        collection.sendKeys("markup");
        browser.find(By.id("upload-submit")).click();
        browser.waitUntil(
                JOB,
                "the markup upload to finish",
                d -> !d.findElements(By.cssSelector("#upload-jobs .job[data-status=finished]"))
                        .isEmpty());

        new Select(browser.waitFor(By.cssSelector("#browse-collection option[value=markup]"), SHORT)
                        .findElement(By.xpath("..")))
                .selectByValue("markup");
        WebElement row = documentRow("markup.txt");
        row.findElement(By.cssSelector("button.link")).click();
        browser.waitUntil(
                SHORT,
                "the markup document's text",
                d -> browser.find(By.id("source-text")).getText().contains("<img src=x onerror=alert(1)>"));
        assertThat(browser.find(By.id("source-text")).getText()).contains("<script>alert(2)</script>");
        assertNoMarkupRan();
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);

        // The same text in an answer stays text too; the answer settings chosen are sent with the question.
        open("#/");
        new Select(browser.find(By.id("collection-picker"))).selectByValue("markup");
        browser.find(By.id("open-settings")).click();
        browser.waitFor(By.cssSelector("#settings-dialog[open]"), SHORT);
        browser.find(By.cssSelector("#settings-dialog input[name=policy][value=drop]"))
                .click();
        WebElement k = browser.find(By.id("settings-k"));
        k.clear();
        k.sendKeys("4");
        browser.find(By.cssSelector("#settings-dialog button[value=save]")).click();
        assertThat((String) browser.js("return localStorage.getItem('groundwork.settings')"))
                .isEqualTo("{\"policy\":\"drop\",\"k\":4}");
        WebElement input = browser.find(By.id("composer-input"));
        input.sendKeys("Which markup test stays plain text?");
        input.sendKeys(Keys.ENTER);
        WebElement answer = browser.waitFor(By.cssSelector(".message.assistant[data-state=verified]"), ANSWER);
        assertThat(answer.getText()).contains("<img src=x onerror=alert(1)>");
        assertNoMarkupRan();
        String asked = browser.driver.getCurrentUrl().replaceFirst(".*#/c/", "");
        assertThat(api.get("/api/conversations/" + asked)
                        .path("turns")
                        .get(0)
                        .path("answer")
                        .path("policy")
                        .path("policy")
                        .asString())
                .isEqualToIgnoringCase("drop");

        // Deleting asks first; the document is then gone from the list and the API.
        open("#/documents");
        new Select(browser.find(By.id("browse-collection"))).selectByValue("markup");
        row = documentRow("markup.txt");
        long id = Long.parseLong(row.getDomAttribute("data-document-id"));
        row.findElement(By.cssSelector("button.danger")).click();
        WebElement confirm = browser.waitFor(By.cssSelector("#confirm-dialog[open] #confirm-ok"), SHORT);
        assertThat(browser.find(By.id("confirm-message")).getText()).contains("will be deleted");
        confirm.click();
        browser.waitUntil(
                SHORT,
                "the deleted document to leave the list",
                d -> browser.find(By.id("documents-status"))
                        .getText()
                        .matches("Deleted .* The collection “markup” has no documents\\."));
        assertThat(browser.find(By.id("documents-rows")).findElements(By.tagName("tr")))
                .isEmpty();
        assertThat(api.getRaw("/api/documents/" + id).status()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void deletesAConversationAfterConfirming() {
        open("#/c/" + conversationId);
        browser.waitFor(By.cssSelector(".message.assistant[data-state=verified]"), SHORT);
        browser.find(By.id("delete-conversation")).click();
        browser.waitFor(By.cssSelector("#confirm-dialog[open] #confirm-ok"), SHORT)
                .click();
        browser.waitUntil(
                SHORT,
                "the conversation to leave the list",
                d -> d.findElements(By.cssSelector("#conversation-list a[href='#/c/" + conversationId + "']"))
                        .isEmpty());
        assertThat(browser.find(By.id("chat-title")).getText()).isEqualTo("New conversation");
        assertThat(api.getRaw("/api/conversations/" + conversationId).status()).isEqualTo(404);
        assertNoScriptErrors();
    }

    /** Loads the page afresh at {@code hash}, signing in when the server asks. */
    private void open(String hash) {
        browser.driver.get("about:blank");
        browser.driver.get("http://127.0.0.1:" + port + "/" + hash);
        browser.waitUntil(
                Duration.ofSeconds(30),
                "the page to start",
                d -> "true".equals(browser.js("return document.body.dataset.ready || null"))
                        || !d.findElements(By.cssSelector("#signin-dialog[open]"))
                                .isEmpty());
        if (!browser.driver.findElements(By.cssSelector("#signin-dialog[open]")).isEmpty()) {
            signIn();
        }
    }

    /**
     * Signs in on the page's form with the test server's admin key (the same caller as {@code api},
     * so the conversations it starts are the ones {@code api} reads), or with
     * -Dgroundwork.webchat.username/password.
     */
    private void signIn() {
        String user = System.getProperty("groundwork.webchat.username");
        if (user == null) {
            browser.find(By.cssSelector("input[name=signin-mode][value=key]")).click();
            browser.find(By.id("signin-key")).sendKeys(System.getProperty("groundwork.webchat.apiKey", Api.ADMIN_KEY));
        } else {
            browser.find(By.id("signin-username")).sendKeys(user);
            browser.find(By.id("signin-password")).sendKeys(System.getProperty("groundwork.webchat.password", ""));
        }
        browser.screenshot(SCREENSHOTS.resolve("signin.png"));
        browser.find(By.id("signin-submit")).click();
        browser.waitUntil(
                Duration.ofSeconds(30),
                "the page to start after signing in",
                d -> "true".equals(browser.js("return document.body.dataset.ready || null")));
    }

    /** The row of the document list that shows {@code source}, once the list shows it. */
    private WebElement documentRow(String source) {
        return browser.waitUntil(
                SHORT,
                "the document " + source + " in the list",
                d -> d.findElements(By.cssSelector("#documents-rows tr")).stream()
                        .filter(row -> row.getText().contains(source))
                        .findFirst()
                        .orElse(null));
    }

    /** The stored document's characters that a citation button points at. */
    private String citedText(WebElement cite) {
        JsonNode document = api.get("/api/documents/" + cite.getDomAttribute("data-document-id"));
        return document.path("text")
                .asString()
                .substring(
                        Integer.parseInt(cite.getDomAttribute("data-start")),
                        Integer.parseInt(cite.getDomAttribute("data-end")));
    }

    private String markText() {
        return (String) browser.js("return document.getElementById('source-mark').textContent");
    }

    private void assertNoMarkupRan() {
        assertThat((Long) browser.js("return document.querySelectorAll('img, b, body script:not([src])').length"))
                .as("no element made from document text")
                .isZero();
        assertThat((Long) browser.js("return document.scripts.length")).isEqualTo(1L);
        assertThat((List<?>) browser.js("return window.__alerts")).isEmpty();
        try {
            browser.driver.switchTo().alert();
            throw new AssertionError("an alert is open");
        } catch (NoAlertPresentException expected) {
            // No dialog opened by page content.
        }
        assertNoScriptErrors();
    }

    private void assertNoScriptErrors() {
        assertThat((List<?>) browser.js("return window.__errors"))
                .as("uncaught script errors")
                .isEmpty();
    }

    private static String sample(String name) {
        return SAMPLES.resolve(name).toAbsolutePath().normalize().toString();
    }
}
