package dev.bulkhead.traffic;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the schedule's arrivals on time (open loop: a slow service does not slow the arrivals down, which is what
 * makes its latency visible), at most {@code concurrency} in flight, until the duration is over; prints a summary
 * line per interval.
 */
public final class LoadRunner {

    private final Options options;
    private final TenantRates rates;
    private final HttpClient http;
    private final PrintStream out;

    public LoadRunner(Options options, TenantRates rates, HttpClient http, PrintStream out) {
        this.options = options;
        this.rates = rates;
        this.http = http;
        this.out = out;
    }

    /** Runs to the end of the duration, waits for the requests in flight (up to the timeout), and returns the counts. */
    public RunStats run() throws InterruptedException {
        RunStats stats = new RunStats();
        Semaphore inFlight = new Semaphore(options.concurrency());
        AtomicBoolean firstFailureShown = new AtomicBoolean();
        Schedule schedule = new Schedule(rates, options.seed());
        long durationNanos = options.duration().toNanos();
        long intervalNanos = options.interval().toNanos();
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "traffic-report");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        reporter.scheduleAtFixedRate(() -> out.println(line(
                String.format(Locale.ROOT, "[%5.0fs]", (System.nanoTime() - start) / 1e9),
                stats.takeInterval(intervalNanos / 1e9))), intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
        try {
            for (Schedule.Arrival arrival = schedule.next(); arrival.atNanos() < durationNanos; arrival = schedule.next()) {
                long wait;
                while ((wait = start + arrival.atNanos() - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
                if (!inFlight.tryAcquire()) {
                    stats.skipped();
                    continue;
                }
                send(arrival.tenant(), stats, inFlight, firstFailureShown);
            }
            if (!inFlight.tryAcquire(options.concurrency(), options.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                out.println("some requests were still in flight at the end; they are not counted");
            }
        } finally {
            reporter.shutdownNow();
        }
        return stats;
    }

    private void send(String tenant, RunStats stats, Semaphore inFlight, AtomicBoolean firstFailureShown) {
        HttpRequest request = HttpRequest.newBuilder(options.url())
                .header(options.header(), tenant)
                .timeout(options.timeout())
                .GET()
                .build();
        long sent = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            try {
                long latency = System.nanoTime() - sent;
                if (failure != null) {
                    stats.record(tenant, RunStats.NO_ANSWER, latency);
                    if (firstFailureShown.compareAndSet(false, true)) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        out.println("first request without an answer: " + cause);
                    }
                } else {
                    stats.record(tenant, response.statusCode(), latency);
                }
            } finally {
                inFlight.release();
            }
        });
    }

    /** One summary line: {@code [   5s] requests=250 (50.0/s) errors=12 (4.8%) skipped=0 p50=0.004s p99=0.310s}. */
    static String line(String label, RunStats.Summary s) {
        return String.format(Locale.ROOT, "%s requests=%d (%.1f/s) errors=%d (%.1f%%) skipped=%d p50=%.3fs p99=%.3fs",
                label, s.requests(), s.perSecond(), s.errors(), s.errorPercent(), s.skipped(), s.p50(), s.p99());
    }
}
