package dev.bulkhead.api.v1alpha1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/** The example resources under examples/resources, with the rejection message each invalid one names. */
final class ExampleResources {

    private static final java.util.regex.Pattern EXPECT =
            java.util.regex.Pattern.compile("^# expect: (.+)$", java.util.regex.Pattern.MULTILINE);

    /** One example file. {@code expectedError} is null for valid examples. */
    record Example(Path file, String yaml, String expectedError) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Path root() {
        return Path.of(System.getProperty("bulkhead.examples", "../examples/resources"));
    }

    static List<Example> valid() {
        return read(root().resolve("valid"));
    }

    static List<Example> invalid() {
        return read(root().resolve("invalid"));
    }

    private static List<Example> read(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(ExampleResources::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Example load(Path file) {
        try {
            String yaml = Files.readString(file);
            Matcher m = EXPECT.matcher(yaml);
            return new Example(file, yaml, m.find() ? m.group(1).trim() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ExampleResources() {
    }
}
