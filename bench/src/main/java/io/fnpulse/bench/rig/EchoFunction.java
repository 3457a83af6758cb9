package io.fnpulse.bench.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest useful function, as a source file (Java, or Python): returns the input's {@code seq}, so each output
 * names its input.
 */
public final class EchoFunction {

    private static final String SOURCE = """
            import java.util.Map;

            public class Echo {
                public static Map<String, Object> handle(Map<String, Object> input) {
                    return Map.of("seq", input.get("seq"));
                }
            }
            """;

    /** The same in Python, as the course writes functions: its output is the same JSON text. */
    private static final String PYTHON_SOURCE = """
            def handler(input, context):
                return {"seq": input["seq"]}
            """;

    private EchoFunction() {}

    public static Path writePythonTo(Path dir) {
        return write(dir.resolve("echo.py"), PYTHON_SOURCE);
    }

    public static Path writeTo(Path dir) {
        return write(dir.resolve("Echo.java"), SOURCE);
    }

    private static Path write(Path file, String source) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A 4-CPU snapshot with {@code "seq": seq} in front, so the runtime decodes a realistic input. */
    public static String input(Snapshots snapshots, long seq) {
        return "{\"seq\": " + seq + ", " + snapshots.json(seq).substring(1);
    }

    public static String expectedOutput(long seq) {
        return "{\"seq\":" + seq + "}";
    }
}
