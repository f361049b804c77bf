package dev.bulkhead.operator.release.flag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlagAccessTest {

    private static final FlagLocation PAYMENTS_PROD = new FlagLocation("payments", "production", "checkout");

    @Test
    void noRuleAllowsEveryNamespaceEverythingAsBefore() {
        assertThat(FlagAccess.parse(List.of()).refusal("anyone", PAYMENTS_PROD)).isEmpty();
        assertThat(FlagAccess.allowAll().allowsEverything()).isTrue();
    }

    @Test
    void aNamespaceGetsOnlyTheProjectsAndEnvironmentsItsRulesName() {
        FlagAccess access = FlagAccess.parse(List.of("team-a=payments", "team-b=search/development", "*=sandbox"));

        assertThat(access.refusal("team-a", PAYMENTS_PROD)).isEmpty();
        assertThat(access.refusal("team-b", new FlagLocation("search", "development", "f"))).isEmpty();
        assertThat(access.refusal("team-b", new FlagLocation("search", "production", "f"))).isPresent();
        assertThat(access.refusal("team-c", new FlagLocation("sandbox", "production", "f"))).isEmpty();
        assertThat(access.refusal("team-b", PAYMENTS_PROD)).hasValueSatisfying(m -> assertThat(m)
                .contains("namespace team-b").contains("project payments").contains("production")
                .contains("bulkhead.unleash.access").contains("search/development, sandbox/*")
                .contains("team-b=payments/production"));
    }

    @Test
    void anUnreadableRuleFailsNamingItAndTheExpectedForm() {
        assertThatThrownBy(() -> FlagAccess.parse(List.of("team-a:payments")))
                .hasMessageContaining("team-a:payments").hasMessageContaining("namespace=project");
        assertThatThrownBy(() -> FlagAccess.parse(List.of("team-a=payments/prod/x")))
                .hasMessageContaining("bulkhead.unleash.access");
    }
}
