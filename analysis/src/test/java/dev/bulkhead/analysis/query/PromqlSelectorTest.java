package dev.bulkhead.analysis.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromqlSelectorTest {

    @Test
    void parsesAndRendersASelector() {
        PromqlSelector s = PromqlSelector.parse("http_requests_total{job=\"checkout\", code=~'5..'}", "f");
        assertThat(s.metric()).isEqualTo("http_requests_total");
        assertThat(s.matchers()).containsExactly(new PromqlSelector.Matcher("job", "=", "checkout"),
                new PromqlSelector.Matcher("code", "=~", "5.."));
        assertThat(s.render()).isEqualTo("http_requests_total{job=\"checkout\", code=~\"5..\"}");
    }

    @Test
    void acceptsABareMetricAndANameLessSelector() {
        assertThat(PromqlSelector.parse("up", "f").render()).isEqualTo("up");
        assertThat(PromqlSelector.parse("{__name__=\"up\"}", "f").render()).isEqualTo("{__name__=\"up\"}");
    }

    @Test
    void rejectsAnythingThatIsNotASelectorWithTheFieldInTheMessage() {
        assertThatThrownBy(() -> PromqlSelector.parse("x{a=\"b\"}) or vector(1", "indicators[a].events.bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("indicators[a].events.bad: expected the end of the selector");
        assertThatThrownBy(() -> PromqlSelector.parse("rate(x[5m])", "f")).hasMessageContaining("expected the end");
        assertThatThrownBy(() -> PromqlSelector.parse("x{a=\"b}", "f")).hasMessageContaining("closing \"");
        assertThatThrownBy(() -> PromqlSelector.parse("x{a==\"b\"}", "f")).hasMessageContaining("quoted string");
        assertThatThrownBy(() -> PromqlSelector.parse("", "f")).hasMessageContaining("empty");
    }

    @Test
    void quotesValuesSoTheyCannotEscapeTheirString() {
        PromqlSelector s = PromqlSelector.parse("x", "f").with(new PromqlSelector.Matcher("version", "=", "v1\"} or vector(1) #"));
        assertThat(s.render()).isEqualTo("x{version=\"v1\\\"} or vector(1) #\"}");
        assertThat(PromqlSelector.parse(s.render(), "f")).isEqualTo(s);
    }

    @Test
    void escapesRegexMetacharactersOfLiteralAlternatives() {
        assertThat(PromqlSelector.regexLiteral("v1.2+build(3)")).isEqualTo("v1\\.2\\+build\\(3\\)");
    }
}
