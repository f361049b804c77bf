package dev.bulkhead.operator.testing;

import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.testbed.Prometheus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Simulated tenant traffic that Prometheus scrapes for real: every 100 ms each tenant sends its share of requests,
 * served by the new code path when {@code exposed} says so (asked of Unleash's SDK or of a route, by the test),
 * failing with the probability {@code errorRate(tenant, exposed)}. It exports
 * {@code http_requests_total{tenant, version, code}} with version {@code enabled}/{@code disabled} (or the given
 * revision names) on a loopback port registered as a Prometheus file_sd target. Seeded: the same seed, the same
 * draws.
 */
public final class TenantTrafficSimulator implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tenant-traffic");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, long[]> counters = new ConcurrentHashMap<>();
    private final Path target;

    /**
     * @param requestsPerSecond per tenant
     * @param exposed           whether a tenant's request is served by the new code path right now
     * @param errorRate         probability that a request fails, by tenant and exposure
     * @param versions          label values for {exposed, not exposed}
     */
    public TenantTrafficSimulator(Prometheus prometheus, String job, List<String> tenants, double requestsPerSecond,
            Predicate<String> exposed, BiFunction<String, Boolean, Double> errorRate, String[] versions, long seed) {
        Random random = new Random(seed);
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
        double perTick = requestsPerSecond / 10;
        ticker.scheduleAtFixedRate(() -> {
            for (String tenant : tenants) {
                boolean onNew = exposed.test(tenant);
                double p = errorRate.apply(tenant, onNew);
                int requests = (int) Math.floor(perTick) + (random.nextDouble() < perTick - Math.floor(perTick) ? 1 : 0);
                long[] c = counters.computeIfAbsent(tenant + "\u0000" + (onNew ? versions[0] : versions[1]), k -> new long[2]);
                synchronized (c) {
                    for (int i = 0; i < requests; i++) {
                        c[random.nextDouble() < p ? 1 : 0]++;
                    }
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        target = prometheus.configDir().resolve("targets").resolve(job + ".yml");
        try {
            Files.writeString(target, "- targets: ['127.0.0.1:" + server.getAddress().getPort() + "']\n  labels: {job: '" + job + "'}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String exposition() {
        StringBuilder out = new StringBuilder("# TYPE http_requests_total counter\n");
        counters.forEach((key, c) -> {
            String[] parts = key.split("\u0000");
            long ok;
            long bad;
            synchronized (c) {
                ok = c[0];
                bad = c[1];
            }
            out.append("http_requests_total{tenant=\"").append(parts[0]).append("\",version=\"").append(parts[1])
                    .append("\",code=\"200\"} ").append(ok).append('\n');
            out.append("http_requests_total{tenant=\"").append(parts[0]).append("\",version=\"").append(parts[1])
                    .append("\",code=\"500\"} ").append(bad).append('\n');
        });
        return out.toString();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
