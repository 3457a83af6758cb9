package io.fnpulse.stack.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus's promtool (Debian's prometheus package), run on the monitoring overlay's rules and on scrapes. */
public final class Promtool {

    static final Path BINARY = Path.of(System.getProperty("fnpulse.promtool", "/usr/bin/promtool"));
    /** JSON is YAML: promtool reads a rule file written as JSON. */
    private static final ObjectMapper YAML = new ObjectMapper();

    /** What it printed and how it ended. */
    public record Result(int exitCode, String output) {}

    private Promtool() {}

    public static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(BINARY),
                () -> "promtool test skipped: no " + BINARY + " (apt-get install prometheus)");
    }

    /** {@code promtool <args>}, with {@code stdin} fed to it when given. */
    public static Result run(Path dir, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool " + args[0] + " did not end within 60 s");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The rule groups of a PrometheusRule as a Prometheus rule file; without their annotations when asked, for
     * {@code promtool test rules}, whose tests then compare the labels an alert fires with only.
     */
    public static Path rulesFile(JsonNode prometheusRule, Path file, boolean annotations) {
        JsonNode spec = prometheusRule.path("spec").deepCopy();
        if (!annotations) {
            for (JsonNode group : spec.path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    ((ObjectNode) rule).remove("annotations");
                }
            }
        }
        try {
            YAML.writeValue(file.toFile(), spec);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
