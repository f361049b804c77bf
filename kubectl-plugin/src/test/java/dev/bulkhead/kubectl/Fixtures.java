package dev.bulkhead.kubectl;

import dev.bulkhead.api.v1alpha1.Rollout;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The Rollouts the tests show and act on. {@code rolled-back.json} is the Rollout the playground captured
 * ({@code ./bulkhead playground}: paying failed and was rolled back, four culprit tenants); {@code progressing.json}
 * is a route release in progress written in the same shape: free at its first step, burn rates, a pending action, a
 * per-segment freeze override.
 */
public final class Fixtures {

    /** Ten minutes after the rolled-back fixture's last transition. */
    public static final Instant AFTER_ROLLBACK = Instant.parse("2026-11-24T01:03:45Z");
    /** One minute after the progressing fixture's latest look. */
    public static final Instant DURING_PROGRESS = Instant.parse("2026-11-24T10:20:00Z");

    private Fixtures() {
    }

    public static Rollout rolledBack() {
        return load("rolled-back.json");
    }

    public static Rollout progressing() {
        return load("progressing.json");
    }

    public static Rollout load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/rollouts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return Serialization.unmarshal(in, Rollout.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
