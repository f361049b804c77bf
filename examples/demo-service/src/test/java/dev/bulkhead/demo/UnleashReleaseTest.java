package dev.bulkhead.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnleashReleaseTest {

    @Test
    void theSdkGetsTheApiBaseWhateverFormTheUrlHas() {
        assertThat(UnleashRelease.apiUrl("http://127.0.0.1:4242")).isEqualTo("http://127.0.0.1:4242/api/");
        assertThat(UnleashRelease.apiUrl("http://127.0.0.1:4242/")).isEqualTo("http://127.0.0.1:4242/api/");
        assertThat(UnleashRelease.apiUrl("http://127.0.0.1:4242/api")).isEqualTo("http://127.0.0.1:4242/api/");
        assertThat(UnleashRelease.apiUrl("http://127.0.0.1:4242/api/")).isEqualTo("http://127.0.0.1:4242/api/");
    }

    @Test
    void aFixedCodePathIgnoresTheTenant() {
        FixedRelease canary = new FixedRelease(CodePath.NEW, "canary");

        assertThat(canary.decide("acme")).isEqualTo(new Release(CodePath.NEW, "canary"));
        assertThat(canary.decide("globex")).isEqualTo(new Release(CodePath.NEW, "canary"));
    }
}
