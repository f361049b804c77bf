package dev.bulkhead.engine.state;

import java.time.Instant;

/**
 * A revision that was fully released and survived its post-release bake, and when a later revision
 * replaced it on stable (null while it is stable). Going back to it within the fast-rollback window
 * skips the steps.
 */
public record ReleasedRevision(String revision, Instant releasedAt, Instant supersededAt) {
}
