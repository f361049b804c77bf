package dev.bulkhead.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulkhead.kubectl.Fixtures;
import dev.bulkhead.kubectl.render.ImpactReport.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpactFormatsTest {

    private final ImpactReport rolledBack = ImpactReport.of(Fixtures.rolledBack(), null);

    @Test
    void tableListsTenantsThenTheTotals() {
        assertThat(ImpactFormats.table(rolledBack).lines().toList()).containsExactly(
                "TENANT      SEGMENT   REQUESTS   BAD   BAD%    EXCESS   CULPRIT",
                "stark       paying    52         18    34.6%   17.8     yes",
                "wayne       paying    13         7     53.8%   6.5      yes",
                "umbrella    paying    33         5     15.2%   5.2      yes",
                "cyberdyne   paying    25         4     16.0%   3.9      yes",
                "4 tenants exposed to revision new-checkout, 4 saw errors; 34 bad of 123 requests (27.6%).");
    }

    @Test
    void tableSaysWhenNobodyWasServedYet() {
        ImpactReport empty = new ImpactReport("shop", "checkout", "7d9f8c6b5", "Deploying", true, 0, 0, 0, 0, List.of());
        assertThat(ImpactFormats.table(empty))
                .isEqualTo("No tenant of rollout shop/checkout has been served by revision 7d9f8c6b5 yet.\n");
    }

    @Test
    void csvHasAHeaderAndQuotesTenantKeysThatNeedIt() {
        ImpactReport report = new ImpactReport("shop", "checkout", "r2", "RolledBack", true, 2, 1, 30, 3, List.of(
                new Row("acme, inc.", "paying", 20, 3, 2.5, true),
                new Row("say \"hi\"", "free", 10, 0, null, false)));
        assertThat(ImpactFormats.csv(report)).isEqualTo(
                "tenant,segment,requests,bad_requests,excess_bad_requests,culprit\r\n"
                        + "\"acme, inc.\",paying,20,3,2.5,true\r\n"
                        + "\"say \"\"hi\"\"\",free,10,0,,false\r\n");
    }

    @Test
    void jsonCarriesTotalsAndEveryTenant() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ImpactFormats.json(rolledBack));
        assertThat(json.path("rollout").asText()).isEqualTo("new-checkout");
        assertThat(json.path("namespace").asText()).isEqualTo("shop");
        assertThat(json.path("complete").asBoolean()).isTrue();
        assertThat(json.path("badRequests").asLong()).isEqualTo(34);
        assertThat(json.path("tenants")).hasSize(4);
        assertThat(json.path("tenants").get(0).path("tenant").asText()).isEqualTo("stark");
        assertThat(json.path("tenants").get(0).path("excessBadRequests").asDouble()).isEqualTo(17.8);
        assertThat(json.path("tenants").get(0).path("culprit").asBoolean()).isTrue();
    }
}
