package dev.bulkhead.demo;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Random;
import org.jboss.logging.Logger;

/** The one CDI wiring class: builds every collaborator from {@link DemoConfig}. */
@ApplicationScoped
public class DemoProducer {

    private static final Logger LOG = Logger.getLogger(DemoProducer.class);

    @Produces
    @Singleton
    Segments segments(DemoConfig config) {
        return Segments.parse(config.segments());
    }

    @Produces
    @Singleton
    FaultKnob faultKnob(DemoConfig config, Segments segments) {
        Random random = config.fault().seed().map(Random::new).orElseGet(Random::new);
        try {
            return new FaultKnob(segments, FaultKnob.fromConfig(config.fault()), random);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bulkhead.demo.fault: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    ReleaseDecision releaseDecision(DemoConfig config) {
        if (config.codePath().isPresent()) {
            CodePath path = config.codePath().get();
            return new FixedRelease(path, config.version().orElse(path == CodePath.NEW
                    ? UnleashRelease.ENABLED : UnleashRelease.DISABLED));
        }
        return new UnleashRelease(config.unleash(), config.flag(), config.version());
    }

    void closeReleaseDecision(@Disposes ReleaseDecision decision) {
        decision.close();
    }

    @Produces
    @Singleton
    Checkout checkout(FaultKnob faults) {
        return new Checkout(faults);
    }

    @Produces
    @Singleton
    RequestMetrics requestMetrics(MeterRegistry registry, DemoConfig config) {
        return new RequestMetrics(registry, config.metrics().buckets());
    }

    /** Creates the release decision at start-up, so the first toggle fetch (or its failure) happens before traffic. */
    void onStart(@Observes StartupEvent event, DemoConfig config, ReleaseDecision decision, FaultKnob faults) {
        String release = config.codePath()
                .map(path -> "code path fixed to " + path + " for every tenant")
                .orElse("flag '" + config.flag().name() + "' per tenant from Unleash at " + config.unleash().url()
                        + " (context field " + config.flag().contextField() + ", refresh " + config.unleash().refresh() + ")");
        LOG.infof("demo service: tenant header %s; %s; segments %s; fault %s", config.tenantHeader(), release,
                faults.segments().names(), faults.current());
    }
}
