package dev.bulkhead.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of the operator, under one prefix: {@code bulkhead.*} in application.properties, or the
 * matching environment variables ({@code BULKHEAD_PROMETHEUS_URL}, ...). Secrets are read from files or
 * environment variables and never logged.
 */
@ConfigMapping(prefix = "bulkhead")
public interface BulkheadConfig {

    /** Namespaces to watch; empty watches every namespace (cluster-wide RBAC needed). */
    Optional<List<String>> namespaces();

    /** Reconcile threads shared by all controllers. Analysis looks do not run on them (see {@link #analysis()}). */
    @WithDefault("4")
    int reconcileThreads();

    Analysis analysis();

    /**
     * Where and how long rollouts' analysis looks run. A look queries Prometheus once per indicator and SLO; it runs on
     * its own pool, so a slow or unanswering Prometheus never holds the reconcile threads that Segmentations,
     * FeatureFlags, manual actions and other rollouts need.
     */
    interface Analysis {
        /** Looks running at once, across all rollouts (a rollout has at most one in flight). */
        @WithDefault("2")
        int threads();

        /**
         * One look's deadline, all its queries together; after the first unavailable answer the look's other
         * queries are not sent. A look that runs out of time reports an analysis error for this interval.
         */
        @WithDefault("30s")
        Duration lookTimeout();
    }

    LeaderElection leaderElection();

    Prometheus prometheus();

    Unleash unleash();

    Notifications notifications();

    Slo slo();

    Routes routes();

    SegmentLeases segmentLeases();

    Dashboard dashboard();

    /**
     * The web dashboard and its JSON API on the operator's HTTP port (docs/dashboard.md). Off unless enabled; when on,
     * every view needs a Kubernetes token the API server accepts and authorizes, unless anonymous reads are allowed.
     */
    interface Dashboard {
        /** Serve {@code /dashboard} and {@code /api/v1alpha1}; both answer 404 while false. */
        @WithDefault("false")
        boolean enabled();

        /** Let the read-only views through without a token; actions always need one. */
        @WithDefault("false")
        boolean anonymousRead();

        /**
         * The audiences a caller's token must be valid for (TokenReview audiences), e.g. {@code bulkhead-dashboard}
         * for tokens made with {@code kubectl create token SA --audience bulkhead-dashboard}. Unset: the API
         * server's own audiences, so any token the API server accepts.
         */
        Optional<List<String>> tokenAudiences();

        /** How long a TokenReview or SubjectAccessReview answer is reused; a revocation takes effect within it. */
        @WithDefault("5s")
        Duration reviewCacheTtl();

        /** Reviews the dashboard may send to the API server per second, after the burst; past it, 429. */
        @WithDefault("20")
        double reviewsPerSecond();

        /** Reviews the dashboard may send at once. */
        @WithDefault("40")
        int reviewsBurst();
    }

    /**
     * At most this many rollouts may expose one segment at once, so two releases never share one blast radius and their
     * analyses do not blame each other. Unset: no limit.
     */
    interface SegmentLeases {
        Optional<Integer> maxRolloutsPerSegment();

        /** namespace (rollouts of the same namespace count) or cluster (every watched rollout counts). */
        @WithDefault("namespace")
        String scope();
    }

    /** How traffic routers write tenant matches. */
    interface Routes {
        /** exact-only (every Gateway implementation) or regex-when-needed (RE2 header matches: Envoy Gateway, Istio). */
        @WithDefault("exact-only")
        String tenantMatching();
    }

    /** Kubernetes Lease based leader election, so two replicas never act at once. */
    interface LeaderElection {
        @WithDefault("false")
        boolean enabled();

        @WithDefault("bulkhead-operator")
        String leaseName();

        /** Namespace of the Lease; defaults to the operator's own namespace. */
        Optional<String> leaseNamespace();

        /** This replica's name in the Lease; defaults to {@code HOSTNAME} (the pod name), else a random id. */
        Optional<String> identity();
    }

    /** The Prometheus HTTP API the analysis queries. */
    interface Prometheus {
        @WithDefault("http://127.0.0.1:9090")
        String url();

        Optional<String> bearerToken();

        Optional<String> username();

        Optional<String> password();

        /** One attempt of one query; also sent to Prometheus as the query's own {@code timeout}. */
        @WithDefault("10s")
        Duration timeout();

        /** Attempts per query for transient failures (timeouts, 5xx, 429), within the look's deadline. */
        @WithDefault("3")
        int attempts();
    }

    /** The Unleash Admin API flags are written through. */
    interface Unleash {
        Optional<String> url();

        /** An admin token or personal access token (Authorization header value). */
        Optional<String> adminToken();

        @WithDefault("10s")
        Duration timeout();

        /**
         * The Unleash projects and environments each namespace's FeatureFlags and Rollouts may write to, as rules
         * {@code namespace=project} or {@code namespace=project/environment} ({@code *} matches any), comma-separated.
         * Unset allows every namespace everything, which suits a single-tenant cluster; a shared cluster should set it.
         */
        Optional<List<String>> access();
    }

    /** Optional JSON POST on rollback, pause and promotion. */
    interface Notifications {
        Optional<String> webhookUrl();
    }

    /** How often SLO budgets are recomputed when no rollout runs. */
    interface Slo {
        @WithDefault("1m")
        Duration interval();
    }
}
