package dev.bulkhead.operator.featureflag;

import dev.bulkhead.operator.release.flag.FlagLocation;
import dev.bulkhead.operator.release.flag.FlagState;
import dev.bulkhead.operator.release.flag.FlagStore;
import dev.bulkhead.operator.release.flag.FlagStrategy;
import dev.bulkhead.operator.release.flag.ObservedFlag;
import dev.bulkhead.operator.release.flag.TenantConstraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What differs between a flag as read from Unleash and the state Bulkhead expects there, in words. Pure. */
public final class FlagDrift {

    private FlagDrift() {
    }

    /**
     * The differences, one sentence each, empty when Unleash holds {@code expected}. User strategies are not
     * compared: they are not Bulkhead's.
     *
     * @param observed empty when the feature does not exist (or is archived)
     */
    public static List<String> between(FlagLocation location, Optional<ObservedFlag> observed, FlagState expected) {
        if (observed.isEmpty()) {
            return List.of("feature " + location.feature() + " is missing from project " + location.project()
                    + " (deleted or archived in Unleash)");
        }
        ObservedFlag flag = observed.get();
        List<String> differences = new ArrayList<>();
        boolean wantOn = FlagStore.environmentShouldBeOn(expected, flag.userStrategies());
        if (flag.environmentEnabled() != wantOn) {
            differences.add("environment " + location.environment() + " is " + onOff(flag.environmentEnabled())
                    + ", expected " + onOff(wantOn));
        }
        for (String title : flag.altered()) {
            differences.add("strategy " + title + " was changed to a shape Bulkhead does not write");
        }
        Map<String, FlagStrategy> actual = byName(flag.managed());
        Map<String, FlagStrategy> wanted = byName(expected.strategies());
        for (FlagStrategy want : expected.strategies()) {
            FlagStrategy have = actual.get(want.name());
            if (have == null) {
                if (!flag.altered().contains(want.title())) {
                    differences.add("strategy " + want.title() + " is missing");
                }
            } else if (!have.equals(want)) {
                differences.add("strategy " + want.title() + " " + String.join(", ", fieldsOf(have, want)));
            }
        }
        for (FlagStrategy have : flag.managed()) {
            if (!wanted.containsKey(have.name())) {
                differences.add("strategy " + have.title() + " is not in the spec");
            }
        }
        return List.copyOf(differences);
    }

    private static List<String> fieldsOf(FlagStrategy have, FlagStrategy want) {
        List<String> fields = new ArrayList<>();
        if (have.rollout() != want.rollout()) {
            fields.add("has rollout " + have.rollout() + "%, expected " + want.rollout() + "%");
        }
        if (!have.stickiness().equals(want.stickiness())) {
            fields.add("has stickiness " + have.stickiness() + ", expected " + want.stickiness());
        }
        if (!have.groupId().equals(want.groupId())) {
            fields.add("has groupId " + have.groupId() + ", expected " + want.groupId());
        }
        if (!Objects.equals(have.constraint(), want.constraint())) {
            fields.add(constraintDifference(have.constraint(), want.constraint()));
        }
        return fields;
    }

    private static String constraintDifference(TenantConstraint have, TenantConstraint want) {
        if (have == null || want == null || !have.contextName().equals(want.contextName())
                || have.operator() != want.operator()) {
            return "has constraint " + describe(have) + ", expected " + describe(want);
        }
        List<String> parts = new ArrayList<>();
        List<String> extra = have.tenants().stream().filter(t -> !want.tenants().contains(t)).toList();
        List<String> missing = want.tenants().stream().filter(t -> !have.tenants().contains(t)).toList();
        if (!extra.isEmpty()) {
            parts.add("lists " + sample(extra) + " not in the spec");
        }
        if (!missing.isEmpty()) {
            parts.add("lacks " + sample(missing));
        }
        return String.join(" and ", parts);
    }

    /** At most five names, so a message stays readable for ConfigMap-sized segments. */
    private static String sample(List<String> tenants) {
        String shown = String.join(", ", tenants.subList(0, Math.min(5, tenants.size())));
        return tenants.size() > 5 ? shown + " and " + (tenants.size() - 5) + " more" : shown;
    }

    private static String describe(TenantConstraint constraint) {
        if (constraint == null) {
            return "none";
        }
        int n = constraint.tenants().size();
        return constraint.contextName() + " " + constraint.operator() + " " + n + (n == 1 ? " tenant" : " tenants");
    }

    private static Map<String, FlagStrategy> byName(List<FlagStrategy> strategies) {
        return strategies.stream().collect(Collectors.toMap(FlagStrategy::name, Function.identity()));
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }
}
