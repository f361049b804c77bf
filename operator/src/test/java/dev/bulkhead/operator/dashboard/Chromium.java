package dev.bulkhead.operator.dashboard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromium-driver} (installed by {@code testbed/setup}), driven headless through
 * the system chromedriver: Selenium downloads nothing. As a JUnit condition it skips the class, with the reason, when
 * either is missing, except with {@code CI=true}, where the class runs and fails on the missing browser instead.
 */
final class Chromium implements ExecutionCondition {

    private static final String INSTALL = "install Debian's chromium and chromium-driver (testbed/setup does)";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("chromium and chromedriver found");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("CI=true: runs, and fails on the missing browser");
        }
        return ConditionEvaluationResult.disabled("skipped: " + missing.get() + " is not on the PATH; " + INSTALL
                + " (with CI=true this fails instead)");
    }

    /** A headless browser; fails with what to install when the binaries are missing. */
    static ChromeDriver start() {
        missing().ifPresent(m -> {
            throw new IllegalStateException(m + " is not on the PATH; " + INSTALL);
        });
        ChromeOptions options = new ChromeOptions();
        options.setBinary(onPath(List.of("chromium", "chromium-browser")).orElseThrow().toFile());
        // --no-sandbox: Chromium refuses to start as root with its sandbox (CI containers run as root).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,2200", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(onPath(List.of("chromedriver")).orElseThrow().toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Optional<String> missing() {
        if (onPath(List.of("chromium", "chromium-browser")).isEmpty()) {
            return Optional.of("chromium");
        }
        if (onPath(List.of("chromedriver")).isEmpty()) {
            return Optional.of("chromedriver");
        }
        return Optional.empty();
    }

    private static Optional<Path> onPath(List<String> names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
