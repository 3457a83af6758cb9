package io.fnpulse.runtime.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Test functions copied to where a test mounts them, as a ConfigMap would be. */
final class Functions {

    private Functions() {}

    static Path probe(Path dir) {
        return copy(Path.of("src/test/resources/functions/ProbeFunction.java"), dir.resolve("ProbeFunction.java"));
    }

    static Path copy(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            return Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
