package dev.bulkhead.analysis.source.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How to authenticate to Prometheus. The caller passes the secret values (the operator reads them from a Secret;
 * the CLI from a file); they never appear in {@link #toString()}, logs or messages.
 */
public sealed interface PrometheusAuth {

    /** The {@code Authorization} header value, if any. */
    Optional<String> authorizationHeader();

    static PrometheusAuth none() {
        return None.INSTANCE;
    }

    static PrometheusAuth basic(String username, String password) {
        return new Basic(username, password);
    }

    static PrometheusAuth bearer(String token) {
        return new Bearer(token);
    }

    /** No credentials. */
    final class None implements PrometheusAuth {
        private static final None INSTANCE = new None();

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    /** HTTP basic authentication (RFC 7617). */
    final class Basic implements PrometheusAuth {
        private final String username;
        private final String password;

        Basic(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            if (username.contains(":")) {
                throw new IllegalArgumentException("a basic-auth username must not contain ':'");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            String pair = username + ":" + password;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return "basic(" + username + ", ****)";
        }
    }

    /** A bearer token (RFC 6750). */
    final class Bearer implements PrometheusAuth {
        private final String token;

        Bearer(String token) {
            this.token = Objects.requireNonNull(token, "token").strip();
            if (this.token.isEmpty()) {
                throw new IllegalArgumentException("the bearer token is empty");
            }
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "bearer(****)";
        }
    }
}
