package dev.bulkhead.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @TempDir
    Path dir;

    @Test
    void readsTenantsFromConfigMapListsInlineListsAndSyntheticOnes() throws Exception {
        Path paying = Files.writeString(dir.resolve("paying"), "acme\nhooli, pied-piper\n\n# comment\nacme\n");

        Options options = Options.parse(new String[] {"--tenants-file", paying.toString(), "--tenants", "staff,qa-bot",
                "--synthetic", "2", "--duration", "2m", "--interval", "500ms", "--rate", "20"});

        assertThat(options.tenants()).containsExactly("acme", "hooli", "pied-piper", "staff", "qa-bot", "tenant-0001", "tenant-0002");
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.url().toString()).isEqualTo("http://127.0.0.1:8090/checkout");
    }

    @Test
    void theRunIsBounded() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--synthetic", "3", "--duration", "25h"}))
                .hasMessageContaining("--duration must be more than 0 and at most 24h");
        assertThatThrownBy(() -> Options.parse(new String[] {"--synthetic", "3", "--duration", "0"}))
                .hasMessageContaining("--duration must be more than 0");
    }

    @Test
    void namesTheOptionAtFault() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--synthetic", "3", "--rate", "fast"}))
                .hasMessage("--rate fast: expected a number");
        assertThatThrownBy(() -> Options.parse(new String[] {"--tenants-file", dir.resolve("absent").toString()}))
                .hasMessageStartingWith("--tenants-file " + dir.resolve("absent") + ": cannot read it");
        assertThatThrownBy(() -> Options.parse(new String[] {"--speed", "3"})).hasMessage("unknown option --speed (see --help)");
        assertThatThrownBy(() -> Options.parse(new String[] {})).hasMessageContaining("no tenants");
    }
}
