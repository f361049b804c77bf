package dev.bulkhead.demo;

/**
 * What one request gets: the code path that serves it and the {@code version} label its metrics carry.
 *
 * @param path    the code path
 * @param version {@code enabled}/{@code disabled} (the flag's variant) or the configured {@code bulkhead.demo.version}
 */
public record Release(CodePath path, String version) {
}
