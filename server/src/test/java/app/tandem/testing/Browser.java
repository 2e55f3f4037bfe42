package app.tandem.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver (nothing downloaded at test
 * time), with axe-core's WCAG 2.2 AA check and screenshots for the README. Started as the probe of
 * this machine starts it: no background networking, a fresh profile, loopback only.
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Phone width first: the pages are drawn for a phone and must still work at 320 CSS pixels. */
    private static final int WIDTH = 414;

    private static final List<String> WCAG_22_AA =
            List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa");

    public final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;
    private final Path screenshots;

    public Browser() {
        assertTrue(
                new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "the browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver;"
                        + " .ci/run installs them)");
        try {
            profile = Files.createTempDirectory("tandem-chromium");
            downloads = Files.createTempDirectory("tandem-downloads");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        String shots = System.getenv("TANDEM_SCREENSHOTS");
        screenshots = shots == null || shots.isBlank() ? null : Path.of(shots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + ",900");
        options.setExperimentalOption(
                "prefs",
                Map.of("download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand(
                "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    /**
     * Clicks what sends a form or follows a link, and waits until the next page has replaced this
     * one: a mark left on this page's window is gone, and the new document has loaded.
     */
    public void click(By what) {
        JavascriptExecutor js = driver;
        js.executeScript("window.tandemPageBefore = true;");
        driver.findElement(what).click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return window.tandemPageBefore === undefined && document.readyState === 'complete';")));
    }

    /** Where downloads land. */
    public Path downloads() {
        return downloads;
    }

    /** axe-core over the page as it is now: no WCAG 2.2 A or AA violation, each named if there is one. */
    public void assertAccessible(String page) {
        Results results = new AxeBuilder().withTags(WCAG_22_AA).analyze(driver);
        List<Rule> violations = results.getViolations();
        String found = violations.stream()
                .map(rule -> rule.getId() + " (" + rule.getHelp() + "): "
                        + rule.getNodes().stream().map(n -> n.getHtml()).collect(Collectors.joining(" | ")))
                .collect(Collectors.joining("\n"));
        assertEquals(0, violations.size(), page + " has accessibility violations:\n" + found);
    }

    /** Reflow (WCAG 1.4.10): at 320 CSS pixels wide nothing needs scrolling sideways. */
    public void assertReflows(String page) {
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(320, before.getHeight()));
        try {
            long scroll = (Long) ((JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(scroll <= 0, page + " scrolls sideways at 320 pixels by " + scroll);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Saves the whole page as `name`.png when TANDEM_SCREENSHOTS names a folder (how the README's pictures are made). */
    public void screenshot(String name) {
        if (screenshots == null) return;
        long width = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.clientWidth;");
        long height =
                (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;");
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        try {
            Files.createDirectories(screenshots);
            Files.write(
                    screenshots.resolve(name + ".png"),
                    java.util.Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
