package dev.bulkhead.operator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.Test;

/** The operator with its default configuration: the dashboard does not exist until it is enabled. */
// A Quarkus application per profile: never booted while other test classes run in parallel.
@Isolated
@QuarkusTest
@TestProfile(DashboardTestProfile.Disabled.class)
class DashboardDisabledApiServerTest {

    @TestHTTPResource("/")
    URL base;
    @ConfigProperty(name = "dashboard-test.namespace.team")
    String team;

    @Test
    void byDefaultThePagesAndTheApiAnswer404WhileTheOperatorsOwnEndpointsServe() {
        DashboardHttp http = new DashboardHttp(base);

        assertThat(http.get("/dashboard", null).status()).isEqualTo(404);
        assertThat(http.get("/dashboard/app.js", null).status()).isEqualTo(404);
        assertThat(http.get("/api/v1alpha1/rollouts", null).status()).isEqualTo(404);
        assertThat(http.get("/api/v1alpha1/whoami", "any-token").status()).isEqualTo(404);
        assertThat(http.action(team, "checkout", "any-token", "abort").status()).isEqualTo(404);
        assertThat(http.get("/q/health/live", null).status()).isEqualTo(200);
    }
}
