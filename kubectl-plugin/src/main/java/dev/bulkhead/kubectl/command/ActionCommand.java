package dev.bulkhead.kubectl.command;

import dev.bulkhead.analysis.model.Durations;
import dev.bulkhead.engine.RolloutReasons;
import dev.bulkhead.api.v1alpha1.HistoryEntry;
import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.Annotations;
import dev.bulkhead.kubectl.CommandError;
import dev.bulkhead.kubectl.ExitCodes;
import dev.bulkhead.kubectl.KubectlBulkhead;
import dev.bulkhead.kubectl.cluster.ApiErrors;
import dev.bulkhead.kubectl.cluster.Cluster;
import dev.bulkhead.kubectl.cluster.Identity;
import dev.bulkhead.kubectl.cluster.Rollouts;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A one-shot manual action: sets {@code bulkhead.dev/action}, a fresh {@code bulkhead.dev/action-id} and
 * {@code bulkhead.dev/actor} on the rollout; the operator applies the action on its next reconcile, records its id in
 * {@code status.actions} and then removes the action annotations. The patch carries the
 * resourceVersion it read, and an action another caller set and the operator has not applied yet is never replaced.
 */
abstract class ActionCommand implements Callable<Integer> {

    /** After the operator removed the annotation, how long to wait for the status that shows the outcome. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration SETTLE_POLL = Duration.ofMillis(250);
    private static final int ATTEMPTS = 3;

    @ParentCommand
    KubectlBulkhead root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLLOUT", description = "Name of the rollout.")
    String name;

    @Option(names = "--wait", description = "Wait until the operator has applied the action (the annotation is gone) and print the outcome.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "With --wait: give up after this long and exit 6 (the annotation stays). Default: ${DEFAULT-VALUE}.")
    String timeout;

    /** The annotation's value. */
    abstract String action();

    /** What the action does, completing "asked the operator to ...". */
    abstract String effect();

    @Override
    public Integer call() {
        Duration limit;
        try {
            limit = Durations.parse(timeout, "--timeout");
        } catch (IllegalArgumentException e) {
            throw CommandError.usage(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Cluster cluster = root.kube().connect()) {
            String what = "rollout " + cluster.namespace() + "/" + name;
            Rollout before = Rollouts.get(cluster, name);
            String actor = Identity.actor(cluster);
            Instant askedAt = root.clock().instant();
            Rollout asked = null;
            for (int attempt = 1; asked == null; attempt++) {
                refusePending(before, what);
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put(Annotations.ACTION, action());
                // The operator records this id in status.actions with the action's effect: applied exactly once.
                annotations.put(Annotations.ACTION_ID, java.util.UUID.randomUUID().toString());
                annotations.put(Annotations.ACTOR, actor);
                Optional<Rollout> patched = Rollouts.annotate(cluster, before, annotations);
                if (patched.isPresent()) {
                    asked = patched.get();
                } else if (attempt == ATTEMPTS) {
                    throw new CommandError(ExitCodes.ERROR, what + " kept changing while the action was being set ("
                            + ATTEMPTS + " attempts); nothing was changed, run the command again");
                } else {
                    before = Rollouts.get(cluster, name);
                }
            }
            out.printf("%s: asked the operator to %s (%s=%s, %s=%s)%n", what, effect(), Annotations.ACTION, action(),
                    Annotations.ACTOR, actor);
            if (!await) {
                out.printf("The operator applies it on its next reconcile and then removes %s; follow with: "
                        + "kubectl bulkhead status %s -n %s --watch%n", Annotations.ACTION, name, cluster.namespace());
                out.flush();
                return ExitCodes.OK;
            }
            out.flush();
            return awaitPickup(cluster, what, before, askedAt, limit, out);
        }
    }

    private void refusePending(Rollout rollout, String what) {
        Map<String, String> annotations = rollout.getMetadata().getAnnotations();
        Optional<String> pending = Annotations.get(annotations, Annotations.ACTION);
        if (pending.isPresent()) {
            throw new CommandError(ExitCodes.ERROR, what + " already has " + Annotations.ACTION + "=" + pending.get()
                    + Annotations.get(annotations, Annotations.ACTOR).map(a -> " (asked by " + a + ")").orElse("")
                    + " that the operator has not applied yet; nothing was changed. Wait until it is applied, or remove it "
                    + "with: kubectl annotate rollout.bulkhead.dev " + name + " " + Annotations.ACTION + "- -n "
                    + rollout.getMetadata().getNamespace());
        }
    }

    private int awaitPickup(Cluster cluster, String what, Rollout before, Instant askedAt, Duration limit, PrintWriter out) {
        Instant deadline = root.clock().instant().plus(limit);
        Rollout picked;
        try {
            picked = waitFor(cluster, what, r -> r == null || !action().equals(annotation(r, Annotations.ACTION)), limit);
        } catch (KubernetesClientTimeoutException e) {
            throw new CommandError(ExitCodes.TIMEOUT, what + ": the operator did not apply '" + action() + "' within " + timeout
                    + "; " + Annotations.ACTION + "=" + action() + " stays on the rollout and is applied when the operator next "
                    + "reconciles it. Is the operator running and watching namespace " + cluster.namespace() + "?");
        }
        if (picked == null) {
            throw CommandError.notFound(what + " was deleted while waiting for the operator");
        }
        String replaced = annotation(picked, Annotations.ACTION);
        if (replaced != null) {
            throw new CommandError(ExitCodes.ERROR, what + ": the action was replaced by '" + replaced + "' (actor "
                    + annotation(picked, Annotations.ACTOR) + ") before the operator applied '" + action() + "'");
        }
        // The operator removes the annotation before it writes the status that shows the outcome (or the Event that
        // says it did not apply): look for either for a few seconds.
        Instant settled = min(root.clock().instant().plus(SETTLE), deadline);
        Rollout after = picked;
        Optional<String> refused = Optional.empty();
        while (true) {
            refused = refusal(cluster, after, askedAt);
            if (refused.isPresent() || changed(before, after) || !root.clock().instant().isBefore(settled)) {
                break;
            }
            sleep(SETTLE_POLL);
            after = Optional.ofNullable(ApiErrors.call(cluster, "get " + Rollouts.describe(cluster, name),
                    () -> cluster.client().resources(Rollout.class).inNamespace(cluster.namespace()).withName(name).get()))
                    .orElse(after);
        }
        if (refused.isPresent()) {
            throw new CommandError(ExitCodes.ERROR, what + ": the operator did not apply '" + action() + "': "
                    + refused.get() + "; nothing changed");
        }
        String from = phase(before);
        String to = phase(after);
        if (!Objects.equals(from, to)) {
            out.printf("Applied by the operator: phase %s -> %s%s%n", from, to, latest(before, after));
        } else {
            out.printf("Applied by the operator (the annotation is gone); the phase is still %s%s%n", to, latest(before, after));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandError(ExitCodes.ERROR, "interrupted while waiting for the operator");
        }
    }

    /**
     * The engine's answer to an action that does not apply in the rollout's phase: the operator records it as an Event
     * with reason {@value RolloutReasons#COMMAND_NOT_APPLICABLE} and a message starting "{@code <action> ignored:}".
     * Empty when there is none, or when the caller may not list Events.
     */
    private Optional<String> refusal(Cluster cluster, Rollout rollout, Instant askedAt) {
        // Event times have whole seconds, and the API server's clock is not ours.
        Instant since = askedAt.minusSeconds(2);
        try {
            List<Event> events = cluster.client().v1().events().inNamespace(cluster.namespace())
                    .withField("involvedObject.uid", rollout.getMetadata().getUid())
                    .withField("reason", RolloutReasons.COMMAND_NOT_APPLICABLE).list().getItems();
            return events.stream()
                    .filter(e -> e.getMessage() != null && e.getMessage().startsWith(action() + " ignored"))
                    .filter(e -> e.getLastTimestamp() == null || !Instant.parse(e.getLastTimestamp()).isBefore(since))
                    .map(Event::getMessage).reduce((a, b) -> b);
        } catch (KubernetesClientException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Rollout waitFor(Cluster cluster, String what, Predicate<Rollout> condition, Duration limit) {
        return ApiErrors.call(cluster, "watch " + Rollouts.describe(cluster, name),
                () -> cluster.client().resources(Rollout.class).inNamespace(cluster.namespace()).withName(name)
                        .waitUntilCondition(condition, limit.toMillis(), TimeUnit.MILLISECONDS));
    }

    private static boolean changed(Rollout before, Rollout now) {
        return !Objects.equals(phase(before), phase(now)) || !Objects.equals(history(before), history(now));
    }

    /** The newest history entry, when the action added one. */
    private static String latest(Rollout before, Rollout after) {
        List<HistoryEntry> was = history(before);
        List<HistoryEntry> is = history(after);
        if (is.isEmpty() || is.equals(was)) {
            return "";
        }
        HistoryEntry h = is.get(is.size() - 1);
        return " (" + h.reason() + ": " + h.message() + ")";
    }

    private static List<HistoryEntry> history(Rollout rollout) {
        return rollout.getStatus() == null || rollout.getStatus().history() == null ? List.of() : rollout.getStatus().history();
    }

    private static String phase(Rollout rollout) {
        return rollout.getStatus() == null ? null : rollout.getStatus().phase();
    }

    private static String annotation(Rollout rollout, String key) {
        return rollout.getMetadata().getAnnotations() == null ? null : rollout.getMetadata().getAnnotations().get(key);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
