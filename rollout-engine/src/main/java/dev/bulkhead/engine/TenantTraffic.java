package dev.bulkhead.engine;

/**
 * The analysis' count for one tenant over one interval: requests the new revision served it and how
 * many of them were errors (increments since the previous verdict, not running totals).
 */
public record TenantTraffic(String tenant, long requests, long errors) {
}
