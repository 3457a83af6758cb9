package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The page's JavaScript unit tests ({@code src/test/js/*.test.js}: the store, the thinning, the formatting, what both
 * pages share) under Node's own test runner, nothing from npm: each of its tests is a test here, and one more checks
 * that the runner finished cleanly. Skipped, naming the package, where Node is not installed; run by hand with
 * {@code cd dashboard && node --test src/test/js/}.
 */
class PageScriptsTest {

    private static final Path TESTS = Path.of("src/test/js");
    private static final Path REPORT = Path.of("target/node-test.tap");
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern RESULT = Pattern.compile("^(not )?ok \\d+ - (.*?)(?: # (?:SKIP|TODO).*)?$");

    /** A top-level test of the runner's TAP report, with the lines that explain it. */
    private record Result(String name, boolean passed, List<String> detail) {}

    @TestFactory
    Stream<DynamicTest> theJavaScriptUnitTestsPassUnderNode() throws IOException, InterruptedException {
        Optional<Path> node = node();
        assumeTrue(
                node.isPresent(),
                "JavaScript unit tests skipped: no node on the PATH; install the Debian package nodejs"
                        + " (apt-get install nodejs)");
        List<String> files;
        try (Stream<Path> found = Files.list(TESTS)) {
            files = found.map(Path::toString)
                    .filter(name -> name.endsWith(".test.js"))
                    .sorted()
                    .toList();
        }
        assertThat(files).as("test files in " + TESTS).isNotEmpty();
        List<String> command = new ArrayList<>(List.of(node.get().toString(), "--test", "--test-reporter=tap"));
        command.addAll(files);
        Files.createDirectories(REPORT.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(REPORT.toFile());
        // the pages format in the browser's locale and time zone: the tests expect those of en-US in UTC
        builder.environment().put("LC_ALL", "en_US.UTF-8");
        builder.environment().put("TZ", "UTC");
        Process run = builder.start();
        boolean finished = run.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            run.destroyForcibly();
        }
        String report = Files.readString(REPORT, StandardCharsets.UTF_8);
        List<Result> results = parse(report);
        int exit = finished ? run.exitValue() : -1;
        Stream<DynamicTest> each = results.stream()
                .map(result -> DynamicTest.dynamicTest(
                        result.name(),
                        () -> assertThat(result.passed())
                                .as("%s%n%s", result.name(), String.join("\n", result.detail()))
                                .isTrue()));
        DynamicTest clean = DynamicTest.dynamicTest("node --test ran every file and exited cleanly", () -> {
            assertThat(finished)
                    .as("node --test finished within %d s; its report:%n%s", TIMEOUT_SECONDS, report)
                    .isTrue();
            assertThat(results).as("tests reported by node --test:%n%s", report).isNotEmpty();
            assertThat(exit)
                    .as("exit code of node --test; its report:%n%s", report)
                    .isZero();
        });
        return Stream.concat(each, Stream.of(clean));
    }

    private static List<Result> parse(String report) {
        List<Result> results = new ArrayList<>();
        List<String> lines = report.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher result = RESULT.matcher(lines.get(i));
            if (!result.matches()) {
                continue;
            }
            List<String> detail = new ArrayList<>();
            for (int j = i + 1;
                    j < lines.size()
                            && !RESULT.matcher(lines.get(j)).matches()
                            && !lines.get(j).startsWith("# Subtest:");
                    j++) {
                detail.add(lines.get(j));
            }
            results.add(new Result(result.group(2), result.group(1) == null, detail));
        }
        return results;
    }

    private static Optional<Path> node() {
        String configured = System.getProperty("fnpulse.node");
        if (configured != null) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> Stream.of(Path.of(dir, "node"), Path.of(dir, "nodejs")))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
