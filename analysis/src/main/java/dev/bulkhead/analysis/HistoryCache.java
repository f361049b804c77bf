package dev.bulkhead.analysis;

import dev.bulkhead.analysis.judge.TenantHistory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tenant histories already read, so that a rollout reads each indicator's history once (its window ends before the
 * rollout, so the answer never changes) rather than at every look. A small LRU map, safe to share between threads;
 * an operator that restarts reads each history once more.
 */
public class HistoryCache {

    private final int capacity;
    private final Map<String, TenantHistory> entries;

    public HistoryCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** A cache that keeps nothing. */
    public static HistoryCache none() {
        return new HistoryCache(1) {
            @Override
            public synchronized void put(String key, TenantHistory history) {
            }
        };
    }

    public synchronized Optional<TenantHistory> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public synchronized void put(String key, TenantHistory history) {
        entries.put(key, history);
        while (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
    }
}
