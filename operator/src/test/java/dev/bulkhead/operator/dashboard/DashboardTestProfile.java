package dev.bulkhead.operator.dashboard;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operator on the testbed with the dashboard enabled (reads need a token: anonymous reads stay off). */
public class DashboardTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("bulkhead.dashboard.enabled", "true");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(SegmentationReconcilerOnly.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DashboardTestbed.class));
    }

    /** The same operator with the configuration's defaults: the dashboard off. */
    public static class Disabled extends DashboardTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }
}
