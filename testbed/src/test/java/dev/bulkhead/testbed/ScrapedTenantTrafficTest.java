package dev.bulkhead.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter alone, scraped by this test instead of Prometheus: a loopback port and a temporary targets folder. */
class ScrapedTenantTrafficTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINE = Pattern.compile(
            "http_requests_total\\{tenant=\"([^\"]+)\",version=\"([^\"]+)\",code=\"(\\d+)\"} (\\d+)");
    private static final List<String> TENANTS = List.of("acme", "hooli", "globex");

    @TempDir
    Path targets;

    @Test
    void exactFailuresAreTheFloorOfRequestsTimesTheRateAndExposedTenantsCountOnTheExposedVersion() throws Exception {
        try (ScrapedTenantTraffic traffic = ScrapedTenantTraffic.of("shop", TENANTS).requestsPerTick(3)
                .exposedWhen("acme"::equals).errorRate((tenant, exposed) -> exposed ? 0.3 : 0.1)
                .versions("canary", "stable").exactFailures().start(targets)) {

            Map<String, long[]> series = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> scrape(traffic), s -> s.size() == 3 && s.values().stream().allMatch(c -> c[0] + c[1] >= 37));

            assertThat(series).containsOnlyKeys("acme/canary", "hooli/stable", "globex/stable");
            series.forEach((key, c) -> {
                long requests = c[0] + c[1];
                long tenths = key.endsWith("/canary") ? 3 : 1;
                assertThat(requests % 3).as("%s: whole ticks of 3 requests", key).isZero();
                assertThat(c[1]).as("%s: failed of %d requests", key, requests).isEqualTo(requests * tenths / 10);
            });
        }
    }

    @Test
    void aTenantCountsOnTheVersionItIsExposedToAtEachTick() throws Exception {
        AtomicBoolean hooliExposed = new AtomicBoolean();
        try (ScrapedTenantTraffic traffic = ScrapedTenantTraffic.of("flag", TENANTS).requestsPerSecond(20)
                .exposedWhen(t -> t.equals("hooli") && hooliExposed.get()).errorRate((tenant, exposed) -> 0.0)
                .versions("enabled", "disabled").seededFailures(7).start(targets)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> scrape(traffic).containsKey("hooli/disabled"));

            hooliExposed.set(true);

            await().atMost(Duration.ofSeconds(10)).until(() -> scrape(traffic).containsKey("hooli/enabled"));
            assertThat(scrape(traffic)).doesNotContainKeys("acme/enabled", "globex/enabled");
        }
    }

    @Test
    void seededFailuresFollowTheRateAtItsExtremes() throws Exception {
        try (ScrapedTenantTraffic traffic = ScrapedTenantTraffic.of("extremes", TENANTS).requestsPerSecond(40)
                .exposedWhen("globex"::equals).errorRate((tenant, exposed) -> exposed ? 1.0 : 0.0)
                .versions("canary", "stable").seededFailures(42).start(targets)) {
            Map<String, long[]> series = await().atMost(Duration.ofSeconds(10))
                    .until(() -> scrape(traffic), s -> s.size() == 3 && s.values().stream().allMatch(c -> c[0] + c[1] >= 20));

            assertThat(series.get("globex/canary")[0]).as("globex succeeded").isZero();
            assertThat(series.get("acme/stable")[1]).as("acme failed").isZero();
            assertThat(series.get("hooli/stable")[1]).as("hooli failed").isZero();
        }
    }

    @Test
    void registersAFileSdTargetOfItsJobAndRemovesItOnClose() throws Exception {
        ScrapedTenantTraffic traffic = ScrapedTenantTraffic.of("checkout", TENANTS).requestsPerTick(1)
                .exposedWhen(t -> false).errorRate((tenant, exposed) -> 0.0).versions("canary", "stable")
                .exactFailures().start(targets);
        Path target = targets.resolve("checkout.yml");
        try {
            assertThat(Files.readString(target)).isEqualTo("- targets: ['" + traffic.metricsUri().getAuthority()
                    + "']\n  labels: {job: 'checkout'}\n");
        } finally {
            traffic.close();
        }
        assertThat(target).doesNotExist();
        assertThatThrownBy(() -> scrape(traffic)).isInstanceOf(IOException.class);
    }

    @Test
    void exactFailuresNeedWholeRequestsPerTick() {
        assertThatThrownBy(() -> ScrapedTenantTraffic.of("half", TENANTS).requestsPerSecond(25).exposedWhen(t -> false)
                .errorRate((tenant, exposed) -> 0.0).versions("canary", "stable").exactFailures().start(targets))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("whole requests per tick");
        assertThat(targets.resolve("half.yml")).doesNotExist();
    }

    /** "tenant/version" → {code 200, code 500}. */
    private static Map<String, long[]> scrape(ScrapedTenantTraffic traffic) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(traffic.metricsUri()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, long[]> out = new TreeMap<>();
        for (String line : response.body().lines().toList()) {
            if (line.startsWith("#")) {
                assertThat(line).isEqualTo("# TYPE http_requests_total counter");
                continue;
            }
            Matcher m = LINE.matcher(line);
            assertThat(m.matches()).as("exposition line %s", line).isTrue();
            long[] c = out.computeIfAbsent(m.group(1) + "/" + m.group(2), k -> new long[2]);
            c["500".equals(m.group(3)) ? 1 : 0] = Long.parseLong(m.group(4));
        }
        return out;
    }
}
