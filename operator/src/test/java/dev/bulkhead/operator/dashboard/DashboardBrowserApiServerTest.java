package dev.bulkhead.operator.dashboard;

import static dev.bulkhead.operator.dashboard.DashboardFixture.READ;
import static dev.bulkhead.operator.dashboard.DashboardFixture.READ_AND_PATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.operator.rollout.ManualActions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.junit.jupiter.api.parallel.Isolated;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium, served by the operator on the testbed's kube-apiserver: the list, the
 * rings and tables of a Rollout whose status a real playground run wrote, and the promote button as a viewer (403,
 * nothing written) and as a releaser (the annotation written with the releaser as actor). Screenshots land in
 * {@code target/dashboard-screenshots/}.
 */
// A Quarkus application per profile: never booted while other test classes run in parallel.
@Isolated
@QuarkusTest
@TestProfile(DashboardTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Chromium.class)
class DashboardBrowserApiServerTest {

    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");

    @Inject
    KubernetesClient client;
    @TestHTTPResource("/dashboard")
    URL dashboard;
    @ConfigProperty(name = "dashboard-test.namespace.team")
    String team;

    private ChromeDriver browser;
    private WebDriverWait wait;
    private String viewer;
    private String releaser;

    @BeforeAll
    void given() {
        DashboardFixture.givenTiersAndSlo(client, team);
        DashboardFixture.givenRolledBackRollout(client, team, "storefront");
        DashboardFixture.givenRolledBackRollout(client, team, "storefront-eu");
        viewer = DashboardFixture.tokenFor(client, team, "browser-viewer", READ, team);
        releaser = DashboardFixture.tokenFor(client, team, "browser-releaser", READ_AND_PATCH, team);
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(100));
    }

    @AfterAll
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void withoutATokenTheListAsksForOne() {
        open("");
        browser.findElement(By.id("clear-token")).click();

        WebElement banner = until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));

        until(ExpectedConditions.textToBePresentInElement(banner, "401"));
        assertThat(banner.getText()).contains("kubectl create token");
    }

    @Test
    void theListShowsTheRolloutWithItsPhaseAndSegmentRings() {
        signIn(viewer);
        open("");

        WebElement row = until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#rollouts tr[data-rollout='" + team + "/storefront']")));

        assertThat(row.getText()).contains("storefront", "RolledBack", "paying 0% (0/12 tenants)", "Unleash flag new-checkout");
        assertThat(row.findElements(By.cssSelector("svg.mini-rings g"))).hasSize(4);
        assertThat(browser.findElement(By.cssSelector("#slos tr[data-slo='" + team + "/checkout']")).getText()).contains("Burning");
        assertThat(browser.findElement(By.id("whoami")).getText())
                .isEqualTo("signed in as " + DashboardFixture.serviceAccountUser(team, "browser-viewer"));
        screenshot("rollouts.png");
    }

    @Test
    void theDetailDrawsTheSegmentsAsRingsWithVerdictsBurnRatesAndTheImpactTable() {
        signIn(viewer);
        openRollout("storefront");

        until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#rings g.ring"), 4));

        assertThat(ring("internal").getDomAttribute("data-state")).isEqualTo("Released");
        assertThat(ring("internal").getDomAttribute("data-exposed")).isEqualTo("100");
        assertThat(ring("paying").getDomAttribute("data-state")).isEqualTo("RolledBack");
        assertThat(ring("paying").getDomAttribute("data-exposed")).isEqualTo("0");
        assertThat(arcLength(ring("internal"))).as("a full ring for a released segment").isGreaterThan(100);
        assertThat(arcLength(ring("enterprise"))).as("no arc for a segment never exposed").isZero();
        assertThat(browser.findElements(By.cssSelector("#impact tr[data-segment='paying'][data-tenant]")))
                .extracting(WebElement::getText).satisfiesExactly(
                        stark -> assertThat(stark).contains("stark", "52", "18", "17.8"),
                        wayne -> assertThat(wayne).contains("wayne"),
                        umbrella -> assertThat(umbrella).contains("umbrella"),
                        cyberdyne -> assertThat(cyberdyne).contains("cyberdyne"));
        assertThat(browser.findElement(By.id("impact-summary")).getText())
                .contains("4 of 4 exposed tenants saw bad requests", "34 bad of 123 requests");
        assertThat(browser.findElements(By.cssSelector("#burn-rates tr[data-segment='paying']"))).extracting(WebElement::getText)
                .anySatisfy(row -> assertThat(row).contains("checkout", "availability", "38.6%", "54.20", "1h/5m"))
                .anySatisfy(row -> assertThat(row).contains("canary's own traffic", "27.10"));
        assertThat(browser.findElements(By.cssSelector("#verdicts circle.verdict"))).hasSize(14);
        assertThat(browser.findElements(By.cssSelector("#verdicts circle.verdict[data-verdict='Fail']"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#conditions tr[data-condition='RolledBack']")).getText())
                .contains("SegmentRolledBack");
        screenshot("rollout-detail.png");
    }

    @Test
    void aViewersPromoteShowsThe403ReasonAndWritesNothing() {
        signIn(viewer);
        openRollout("storefront");

        clickAction("promote");

        WebElement result = until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#action-result.error")));
        assertThat(result.getText()).contains("403 Forbidden")
                .contains("user \"" + DashboardFixture.serviceAccountUser(team, "browser-viewer") + "\" may not patch rollouts.bulkhead.dev");
        assertThat(annotations("storefront")).doesNotContainKeys(ManualActions.ACTION, ManualActions.ACTOR);
        screenshot("promote-forbidden.png");
    }

    @Test
    void aReleasersPromoteWritesTheActionWithTheReleaserAsActor() {
        signIn(releaser);
        openRollout("storefront-eu");

        clickAction("promote");

        String user = DashboardFixture.serviceAccountUser(team, "browser-releaser");
        WebElement result = until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#action-result.ok")));
        assertThat(result.getText()).contains("promote requested as " + user);
        assertThat(annotations("storefront-eu")).containsEntry(ManualActions.ACTION, "promote")
                .containsEntry(ManualActions.ACTOR, user);
        WebElement pending = until(ExpectedConditions.visibilityOfElementLocated(By.id("pending-action")));
        assertThat(pending.getText()).contains("promote by " + user);
        screenshot("promote-accepted.png");
    }

    /** Waits for {@code condition}; on timeout, fails with what the page showed and keeps a screenshot of it. */
    private <V> V until(ExpectedCondition<V> condition) {
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            screenshot("failed-" + System.currentTimeMillis() + ".png");
            throw new AssertionError(e.getMessage() + "\n--- the page showed:\n"
                    + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    private void open(String hash) {
        browser.get(dashboard.toString() + (hash.isEmpty() ? "" : "#" + hash));
    }

    private void openRollout(String name) {
        open("/namespaces/" + team + "/rollouts/" + name);
        until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#rings g.ring"), 4));
    }

    /** Types the token into the page's field, as a person would; it lives in the tab's sessionStorage. */
    private void signIn(String token) {
        open("");
        WebElement field = until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.sendKeys(token);
        browser.findElement(By.id("save-token")).click();
        until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "signed in as"));
    }

    private void clickAction(String action) {
        browser.findElement(By.cssSelector("#actions button[data-action='" + action + "']")).click();
    }

    private WebElement ring(String segment) {
        return browser.findElement(By.cssSelector("#rings g.ring[data-segment='" + segment + "']"));
    }

    /** Length of the coloured arc: the first number of the exposure circle's stroke-dasharray. */
    private static double arcLength(WebElement ring) {
        String dash = ring.findElement(By.cssSelector("circle.exposure")).getDomAttribute("stroke-dasharray");
        return Double.parseDouble(dash.split(" ")[0]);
    }

    private Map<String, String> annotations(String name) {
        Map<String, String> annotations = client.resources(Rollout.class).inNamespace(team).withName(name).get()
                .getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
