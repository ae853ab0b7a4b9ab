package dev.keycloaktenancy.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (both from {@code apt-get install chromium
 * chromium-driver}; nothing is downloaded), pointed at the organization admin portal of a realm. Screenshots go to
 * {@code target/portal-screenshots}, or to the folder named by the system property {@code portal.screenshots}.
 */
public final class PortalBrowser implements AutoCloseable {

    /** Debian's paths unless ./test.sh found them elsewhere (system properties tenancy.test.chromium/-chromedriver). */
    private static final String CHROMIUM = System.getProperty("tenancy.test.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("tenancy.test.chromedriver", "/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final String portalUrl;

    /** @param chromiumArguments more command-line switches, such as host resolver rules */
    public PortalBrowser(String baseUrl, String realm, String... chromiumArguments) {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            throw new IllegalStateException("The portal tests need Chromium and chromedriver (" + CHROMIUM + ", "
                    + CHROMEDRIVER + "): ./test.sh says how to install them, and passes their paths to the tests.");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1200", "--lang=en-US", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync");
        options.addArguments(chromiumArguments);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.portalUrl = baseUrl + "/realms/" + realm + "/tenancy/portal/";
    }

    public String portalUrl() {
        return portalUrl;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens the portal (at a route such as {@code #/globex/members}, or "") and signs in on the realm's login pages. */
    public PortalBrowser signIn(String route, String username, String password) {
        driver.get(portalUrl + route);
        waitFor(By.id("username")).sendKeys(username);
        driver.findElement(By.id("kc-login")).click();
        waitFor(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, PATIENCE).until(d -> d.getCurrentUrl().startsWith(portalUrl)
                && !d.findElements(By.cssSelector("#user-name, #no-organizations")).isEmpty());
        return this;
    }

    /** Goes to a route of the portal already signed in to. */
    public void go(String route) {
        driver.get(portalUrl + route);
    }

    public WebElement waitFor(By by) {
        try {
            return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (TimeoutException e) {
            throw new AssertionError("No " + by + " at " + driver.getCurrentUrl() + "; the page shows: "
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** Waits for an element that is in the page but may be drawn by other means (PatternFly's switches). */
    public WebElement waitForPresence(By by) {
        return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    public void waitForText(By by, String text) {
        try {
            // A page may draw the element again between finding it and reading it: look again then.
            new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElements(by).stream().anyMatch(e -> e.getText().contains(text)));
        } catch (TimeoutException e) {
            throw new AssertionError("No '" + text + "' in " + by + " at " + driver.getCurrentUrl()
                    + "; the page shows: " + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    public List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    public boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /** Replaces the text of an input. */
    public void type(By by, String text) {
        WebElement field = waitFor(by);
        field.clear();
        field.sendKeys(text);
    }

    public void click(By by) {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Accepts the page's confirmation question (window.confirm). */
    public void confirm() {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.alertIsPresent()).accept();
    }

    /** The sentence of the first danger alert shown. */
    public String dangerAlert() {
        return waitFor(By.cssSelector("#alerts [role=alert]")).getText();
    }

    /** What the browser's console reported as errors since the last call, Content-Security-Policy refusals included. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()
                        || entry.getMessage().contains("Content Security Policy"))
                .map(LogEntry::getMessage).toList();
    }

    /** Form controls of the page that a screen reader could not name: no label, no aria-label. */
    @SuppressWarnings("unchecked")
    public List<String> unlabelledControls() {
        return (List<String>) script("""
                return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
                  .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')
                    && !c.getAttribute('aria-labelledby') && !(c.tagName === 'BUTTON' && c.textContent.trim()))
                  .map(c => c.outerHTML.slice(0, 120));""");
    }

    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    public void screenshot(String name) {
        Path folder = Path.of(System.getProperty("portal.screenshots", "target/portal-screenshots"));
        try {
            Files.createDirectories(folder);
            script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
            Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
