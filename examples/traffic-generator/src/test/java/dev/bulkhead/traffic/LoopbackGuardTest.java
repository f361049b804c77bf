package dev.bulkhead.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:8090/checkout",
            "http://127.1.2.3/checkout",
            "https://127.255.255.254:443/",
            "http://localhost:8090/checkout",
            "http://LOCALHOST/checkout",
            "http://[::1]:8090/checkout",
            "http://[0:0:0:0:0:0:0:1]/checkout"})
    void acceptsLoopbackTargets(String url) {
        assertThat(LoopbackGuard.requireLoopback(url).toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://10.0.0.1/checkout",
            "http://128.0.0.1/checkout",
            "http://0.0.0.0:8090/checkout",
            "http://192.168.1.10:8090/",
            "http://example.com/checkout",
            "http://localhost.example.com/checkout",
            "http://127.0.0.1.nip.io/checkout",
            "http://127.0.0.300/checkout",
            "http://2130706433/checkout",
            "http://[::2]/checkout",
            "http://[fe80::1%25eth0]/checkout",
            "http://[::ffff:10.0.0.1]/checkout"})
    void refusesEveryOtherHostWithAClearError(String url) {
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("the host must be localhost, 127.x.y.z or [::1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/x", "localhost:8090/checkout", "file:///etc/passwd"})
    void refusesUrlsThatAreNotHttp(String url) {
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only http:// and https:// URLs are supported");
    }

    @Test
    void refusesWhatIsNotAUrl() {
        assertThatThrownBy(() -> LoopbackGuard.requireLoopback("127.0.0.1:8090/checkout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--url 127.0.0.1:8090/checkout is not a URL");
    }

    @Test
    void optionsRefuseARemoteUrlBeforeAnythingIsSent() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--url", "http://example.com/checkout", "--synthetic", "3"}))
                .hasMessageContaining("refusing a target that is not this machine");
    }
}
