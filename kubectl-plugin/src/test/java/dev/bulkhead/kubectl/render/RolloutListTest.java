package dev.bulkhead.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulkhead.api.v1alpha1.Rollout;
import dev.bulkhead.kubectl.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutListTest {

    @Test
    void listsNamePhaseSegmentExposureAndAgeSortedByName() {
        String table = RolloutList.render(List.of(Fixtures.rolledBack(), Fixtures.progressing()), false, Fixtures.DURING_PROGRESS);
        assertThat(table.lines().toList()).containsExactly(
                "NAME           PHASE         SEGMENT   EXPOSURE                   AGE",
                "checkout       Progressing   free      free 25% (3/10 tenants)    20m",
                "new-checkout   RolledBack    paying    paying 0% (0/12 tenants)   9h");
    }

    @Test
    void allNamespacesAddsTheNamespaceFirstAndARolloutWithoutStatusShowsDashes() {
        Rollout fresh = Fixtures.progressing();
        fresh.setStatus(null);
        fresh.getMetadata().setNamespace("payments");
        String table = RolloutList.render(List.of(Fixtures.progressing(), fresh), true, Fixtures.DURING_PROGRESS);
        assertThat(table.lines().toList()).containsExactly(
                "NAMESPACE   NAME       PHASE         SEGMENT   EXPOSURE                  AGE",
                "payments    checkout   -             -         -                         20m",
                "shop        checkout   Progressing   free      free 25% (3/10 tenants)   20m");
    }
}
