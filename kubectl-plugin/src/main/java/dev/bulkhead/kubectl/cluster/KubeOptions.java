package dev.bulkhead.kubectl.cluster;

import dev.bulkhead.kubectl.CommandError;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The connection options kubectl users expect, accepted before or after the command name. Without
 * {@code --kubeconfig} the client reads {@code KUBECONFIG} (or {@code ~/.kube/config}) the way kubectl does; the
 * namespace defaults to the current context's.
 */
public final class KubeOptions {

    @Option(names = {"-n", "--namespace"}, scope = ScopeType.INHERIT, paramLabel = "NAMESPACE",
            description = "Namespace of the rollout (default: the current context's namespace, else default).")
    String namespace;

    @Option(names = "--kubeconfig", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", scope = ScopeType.INHERIT, paramLabel = "CONTEXT",
            description = "Kubeconfig context to use (default: the current context).")
    String context;

    @Option(names = "--as", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "User to impersonate for the operation, as with kubectl --as.")
    String impersonateUser;

    @Option(names = "--as-group", scope = ScopeType.INHERIT, paramLabel = "GROUP",
            description = "Group to impersonate (repeatable), as with kubectl --as-group.")
    List<String> impersonateGroups = new ArrayList<>();

    /** Connects as the options say; the caller closes the result. */
    public Cluster connect() {
        Config config = config();
        if (impersonateUser != null) {
            config.setImpersonateUsername(impersonateUser);
            config.setImpersonateGroups(impersonateGroups.toArray(String[]::new));
        } else if (!impersonateGroups.isEmpty()) {
            throw CommandError.usage("--as-group needs --as (Kubernetes impersonates groups of a user)");
        }
        // A command line fails fast on an unreachable server, as kubectl does, instead of retrying with backoff.
        config.setRequestRetryBackoffLimit(0);
        String ns = namespace != null ? namespace : Optional.ofNullable(config.getNamespace()).orElse("default");
        String user = Optional.ofNullable(impersonateUser).orElseGet(() -> Optional.ofNullable(config.getCurrentContext())
                .map(NamedContext::getContext).map(c -> c.getUser()).orElse(null));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        return new Cluster(client, ns, user);
    }

    private Config config() {
        Config config;
        String source;
        if (kubeconfig != null) {
            String text;
            try {
                text = Files.readString(kubeconfig, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CommandError.usage("--kubeconfig: cannot read " + kubeconfig + ": " + e.getMessage());
            }
            try {
                config = Config.fromKubeconfig(context, text, kubeconfig.toAbsolutePath().toString());
            } catch (RuntimeException e) {
                throw CommandError.usage("--kubeconfig: " + kubeconfig + " is not a kubeconfig: " + e.getMessage());
            }
            source = kubeconfig.toString();
        } else {
            config = Config.autoConfigure(context);
            source = String.join(":", Config.getKubeconfigFilenames());
        }
        if (context != null) {
            boolean known = config.getContexts() != null
                    && config.getContexts().stream().anyMatch(c -> context.equals(c.getName()));
            if (!known || config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName())) {
                throw CommandError.usage("--context: context \"" + context + "\" does not exist in the kubeconfig ("
                        + (source.isEmpty() ? "none found" : source) + ")");
            }
        }
        return config;
    }
}
