package dev.bulkhead.testbed;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Tenant traffic that a real Prometheus scrapes: {@code http_requests_total{tenant, version, code}} (codes 200 and
 * 500) on a loopback port, registered as a file_sd target of {@code job}. Every 100 ms each tenant sends its requests,
 * on the exposed version label while {@code exposedWhen} says so (asked of Unleash's SDK, a route or a Rollout's
 * status, by the test), else on the other one; {@code errorRate(tenant, exposed)} of them fail, either
 * <ul>
 * <li>as seeded random draws ({@link Builder#seededFailures(long)}: the same seed, the same draws), or</li>
 * <li>exactly ({@link Builder#exactFailures()}): after n requests of a series, floor(n * rate) have failed.</li>
 * </ul>
 *
 * <pre>{@code
 * try (var traffic = ScrapedTenantTraffic.of("checkout", tenants).requestsPerSecond(40)
 *         .exposedWhen(tenant -> sdk.isEnabled(feature, tenant)).errorRate((tenant, exposed) -> 0.002)
 *         .versions("enabled", "disabled").seededFailures(42).scrapedBy(prometheus)) { … }
 * }</pre>
 */
public final class ScrapedTenantTraffic implements AutoCloseable {

    /** Requests each tenant sends per tick are requests per second divided by this. */
    public static final int TICKS_PER_SECOND = 10;

    /** The part of a tenant's requests that fail, by tenant and whether the tenant is exposed right now. */
    @FunctionalInterface
    public interface ErrorRate {
        double of(String tenant, boolean exposed);
    }

    private record Series(String tenant, String version) {
    }

    private final List<String> tenants;
    private final double requestsPerTick;
    private final Predicate<String> exposed;
    private final ErrorRate errorRate;
    private final String exposedVersion;
    private final String unexposedVersion;
    /** Null for exact failures. */
    private final Random random;
    /** {requests, failed} by series. */
    private final Map<Series, long[]> counters = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ScheduledExecutorService ticker;
    private final Path target;

    private ScrapedTenantTraffic(Builder b, Path targetsDir) {
        tenants = List.copyOf(b.tenants);
        requestsPerTick = b.requestsPerTick;
        exposed = b.exposed;
        errorRate = b.errorRate;
        exposedVersion = b.exposedVersion;
        unexposedVersion = b.unexposedVersion;
        random = b.seed == null ? null : new Random(b.seed);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenant-traffic-" + b.job);
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 0, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
        target = targetsDir.resolve(b.job + ".yml");
        try {
            Files.writeString(target, "- targets: ['127.0.0.1:" + server.getAddress().getPort() + "']\n  labels: {job: '" + b.job + "'}\n");
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A ServiceLevelObjective, as YAML, over the series this exporter writes for {@code job}: availability at 99% (bad
     * events are the 5xx of {@code http_requests_total}), segmented by {@code segmentation}.
     */
    public static String availabilitySlo(String name, String job, String segmentation) {
        return """
                apiVersion: bulkhead.dev/v1alpha1
                kind: ServiceLevelObjective
                metadata: {name: %s}
                spec:
                  segmentationRef: {name: %s}
                  indicators:
                    - name: availability
                      objective: 99
                      events:
                        bad: http_requests_total{job="%s", code=~"5.."}
                        total: http_requests_total{job="%s"}
                """.formatted(name, segmentation, job, job);
    }

    /** Traffic of {@code tenants} (sent in this order each tick), scraped as job {@code job}. */
    public static Builder of(String job, List<String> tenants) {
        return new Builder(job, tenants);
    }

    /** Where the exposition is served, for example {@code http://127.0.0.1:41234/metrics}. */
    public URI metricsUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    private void tick() {
        for (String tenant : tenants) {
            boolean onExposed = exposed.test(tenant);
            double rate = errorRate.of(tenant, onExposed);
            long[] c = counters.computeIfAbsent(new Series(tenant, onExposed ? exposedVersion : unexposedVersion), k -> new long[2]);
            if (random == null) {
                synchronized (c) {
                    c[0] += (long) requestsPerTick;
                    c[1] = (long) Math.floor(c[0] * rate);
                }
            } else {
                double whole = Math.floor(requestsPerTick);
                int requests = (int) whole + (random.nextDouble() < requestsPerTick - whole ? 1 : 0);
                int failed = 0;
                for (int i = 0; i < requests; i++) {
                    failed += random.nextDouble() < rate ? 1 : 0;
                }
                synchronized (c) {
                    c[0] += requests;
                    c[1] += failed;
                }
            }
        }
    }

    private String exposition() {
        StringBuilder out = new StringBuilder("# TYPE http_requests_total counter\n");
        counters.forEach((series, c) -> {
            long requests;
            long failed;
            synchronized (c) {
                requests = c[0];
                failed = c[1];
            }
            String labels = "tenant=\"" + series.tenant() + "\",version=\"" + series.version() + "\"";
            out.append("http_requests_total{").append(labels).append(",code=\"200\"} ").append(requests - failed).append('\n');
            out.append("http_requests_total{").append(labels).append(",code=\"500\"} ").append(failed).append('\n');
        });
        return out.toString();
    }

    /** Stops the traffic and its server and removes the target file, so Prometheus stops scraping it. */
    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
        if (target != null) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What to send; {@link #scrapedBy(Prometheus)} or {@link #start(Path)} starts it. */
    public static final class Builder {

        private final String job;
        private final List<String> tenants;
        private double requestsPerTick = Double.NaN;
        private Predicate<String> exposed;
        private ErrorRate errorRate;
        private String exposedVersion;
        private String unexposedVersion;
        private Long seed;
        private boolean exact;

        private Builder(String job, List<String> tenants) {
            this.job = Objects.requireNonNull(job, "job");
            this.tenants = Objects.requireNonNull(tenants, "tenants");
        }

        /** Per tenant; a fraction of a request per tick is sent with that probability (seeded failures only). */
        public Builder requestsPerSecond(double requestsPerSecond) {
            return requestsPerTick(requestsPerSecond / TICKS_PER_SECOND);
        }

        /** Per tenant, every 100 ms. */
        public Builder requestsPerTick(double requestsPerTick) {
            this.requestsPerTick = requestsPerTick;
            return this;
        }

        /** Whether a tenant's requests go to the exposed version right now; asked once per tenant and tick. */
        public Builder exposedWhen(Predicate<String> exposed) {
            this.exposed = exposed;
            return this;
        }

        public Builder errorRate(ErrorRate errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        /** The {@code version} label values, such as {@code enabled}/{@code disabled} or canary/stable revisions. */
        public Builder versions(String exposed, String notExposed) {
            this.exposedVersion = exposed;
            this.unexposedVersion = notExposed;
            return this;
        }

        /** Each request fails with probability {@code errorRate}, drawn from a {@link Random} seeded with {@code seed}. */
        public Builder seededFailures(long seed) {
            this.seed = seed;
            this.exact = false;
            return this;
        }

        /** After n requests of a tenant on a version, exactly floor(n * errorRate) have failed. */
        public Builder exactFailures() {
            this.seed = null;
            this.exact = true;
            return this;
        }

        /** Starts it as a target of the shared Prometheus ({@code configDir()/targets/<job>.yml}). */
        public ScrapedTenantTraffic scrapedBy(Prometheus prometheus) {
            return start(prometheus.configDir().resolve("targets"));
        }

        /** Starts it and writes its file_sd target to {@code targetsDir/<job>.yml}. */
        public ScrapedTenantTraffic start(Path targetsDir) {
            if (!(requestsPerTick >= 0)) {
                throw new IllegalStateException(job + ": requestsPerSecond or requestsPerTick must be set and not negative");
            }
            if (exposed == null || errorRate == null || exposedVersion == null || unexposedVersion == null) {
                throw new IllegalStateException(job + ": exposedWhen, errorRate and versions must all be set");
            }
            if (seed == null && !exact) {
                throw new IllegalStateException(job + ": choose seededFailures(seed) or exactFailures()");
            }
            if (exact && requestsPerTick != Math.floor(requestsPerTick)) {
                throw new IllegalStateException(job + ": exactFailures() needs whole requests per tick, not " + requestsPerTick);
            }
            return new ScrapedTenantTraffic(this, targetsDir);
        }
    }
}
