package dev.bulkhead.demo;

/**
 * One code path for every tenant: a revision of a route release, where the router (not a flag) chooses which pods
 * serve a tenant, and each revision labels its metrics with its own version.
 */
public final class FixedRelease implements ReleaseDecision {

    private final Release release;

    public FixedRelease(CodePath path, String version) {
        this.release = new Release(path, version);
    }

    @Override
    public Release decide(String tenant) {
        return release;
    }
}
