package dev.bulkhead.helm;

import com.sun.net.httpserver.HttpServer;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.api.v1alpha1.SegmentStatus;
import dev.bulkhead.testbed.Prometheus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * One service's tenant traffic as Prometheus scrapes it: {@code http_requests_total{tenant, version, code}} on a
 * loopback port, registered as a file_sd target of {@code job}. Every 100 ms each tenant sends its requests on the
 * canary version while the Rollout's status shows the tenant's segment exposed (the plans here step straight to
 * 100%), else on stable. {@code errorRate(tenant, onCanary)} of them fail, deterministically: after n requests,
 * exactly floor(n * rate) have failed.
 */
final class TenantTraffic implements AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "tenant-traffic");
        t.setDaemon(true);
        return t;
    });
    /** tenant NUL version → {requests, failed} */
    private final Map<String, long[]> counters = new ConcurrentHashMap<>();
    private final Path target;
    private volatile Set<String> exposedSegments = Set.of();

    TenantTraffic(Prometheus prometheus, String job, KubernetesClient client, String namespace, String rollout,
            Map<String, List<String>> segments, int requestsPerTick, String[] versions,
            BiFunction<String, Boolean, Double> errorRate) {
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
        ticker.scheduleWithFixedDelay(() -> {
            try {
                Rollout r = client.resources(Rollout.class).inNamespace(namespace).withName(rollout).get();
                exposedSegments = r == null || r.getStatus() == null || r.getStatus().segments() == null ? Set.of()
                        : r.getStatus().segments().stream()
                                .filter(s -> s.exposedTenants() != null && s.exposedTenants() > 0)
                                .map(SegmentStatus::name).collect(Collectors.toSet());
            } catch (RuntimeException e) {
                // keep the last view; the next poll retries
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        ticker.scheduleAtFixedRate(() -> segments.forEach((segment, tenants) -> {
            boolean canary = exposedSegments.contains(segment);
            for (String tenant : tenants) {
                long[] c = counters.computeIfAbsent(tenant + "\u0000" + (canary ? versions[0] : versions[1]), k -> new long[2]);
                synchronized (c) {
                    c[0] += requestsPerTick;
                    c[1] = (long) Math.floor(c[0] * errorRate.apply(tenant, canary));
                }
            }
        }), 0, 100, TimeUnit.MILLISECONDS);
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
            long requests;
            long failed;
            synchronized (c) {
                requests = c[0];
                failed = c[1];
            }
            String labels = "tenant=\"" + parts[0] + "\",version=\"" + parts[1] + "\"";
            out.append("http_requests_total{").append(labels).append(",code=\"200\"} ").append(requests - failed).append('\n');
            out.append("http_requests_total{").append(labels).append(",code=\"500\"} ").append(failed).append('\n');
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
