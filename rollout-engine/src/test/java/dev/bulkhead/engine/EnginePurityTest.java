package dev.bulkhead.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The decision core reads no clock, no randomness and no Kubernetes type: time and randomness come in
 * as arguments (STYLE 1 and 7). The enforcer bans the dependencies; this test bans the calls.
 */
class EnginePurityTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "Instant\\.now\\(|Clock\\.system|System\\.currentTimeMillis|System\\.nanoTime|new Random\\(|Math\\.random|"
                    + "ThreadLocalRandom|UUID\\.randomUUID|LocalDateTime\\.now|import io\\.fabric8|import io\\.javaoperatorsdk|import io\\.quarkus");

    @Test
    void mainSourcesReadNoClockNoRandomnessAndNoKubernetes() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(main)) {
            offenders = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    List<String> lines = Files.readAllLines(p);
                    return java.util.stream.IntStream.range(0, lines.size())
                            .filter(i -> FORBIDDEN.matcher(lines.get(i)).find())
                            .mapToObj(i -> main.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
