package dev.bulkhead.kubectl.cluster;

import dev.bulkhead.kubectl.CommandError;
import dev.bulkhead.kubectl.ExitCodes;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns the API server's refusals into the plugin's exit codes and messages: what was being done, to which resource
 * in which namespace, and Kubernetes' own message (for a 403 it names the user, the verb and the resource).
 */
public final class ApiErrors {

    private ApiErrors() {
    }

    /**
     * Runs one API call.
     *
     * @param doing what the call does, for the message, e.g. {@code get rollout "checkout" in namespace "shop"}
     */
    public static <T> T call(Cluster cluster, String doing, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientTimeoutException e) {
            throw e; // a wait that ran out is the caller's to report, not the API server's refusal
        } catch (KubernetesClientException e) {
            throw translate(e, doing, cluster.client().getMasterUrl().toString());
        }
    }

    public static CommandError translate(KubernetesClientException e, String doing, String server) {
        String message = serverMessage(e);
        return switch (e.getCode()) {
            case 403 -> new CommandError(ExitCodes.FORBIDDEN, "forbidden: cannot " + doing + ": " + message, e);
            case 401 -> new CommandError(ExitCodes.FORBIDDEN, "unauthorized: the API server at " + server
                    + " did not accept the credentials while trying to " + doing + ": " + message, e);
            case 404 -> new CommandError(ExitCodes.NOT_FOUND, "not found: cannot " + doing + ": " + message, e);
            case 409 -> new CommandError(ExitCodes.ERROR, "conflict: cannot " + doing
                    + " (someone else changed it at the same moment; run the command again): " + message, e);
            default -> e.getCode() <= 0
                    // Fabric8 reports a request that got no HTTP answer (refused, TLS, DNS) with code -1 (0 in older versions).
                    ? new CommandError(ExitCodes.ERROR, "cannot reach the API server at " + server + " to " + doing + ": "
                            + rootCause(e), e)
                    : new CommandError(ExitCodes.ERROR, "cannot " + doing + ": HTTP " + e.getCode() + ": " + message, e);
        };
    }

    private static String serverMessage(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus()).map(s -> s.getMessage()).filter(m -> !m.isBlank())
                .orElse(e.getMessage());
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
