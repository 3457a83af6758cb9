package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.code.CodeServer;
import io.fnpulse.testsupport.code.ConfigMapVolume;
import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Complex functions and live code through the real jar: zips of classes or sources in several packages with a
 * lib/ dependency, served from a file or over HTTP; a zip-slip archive refused; a ConfigMap update picked up with
 * the env intact; a broken update leaving the running version in place.
 */
@ExtendWith(RedisExtension.class)
class LiveCodeIT {

    private static final Map<String, String> LIBRARY = Map.of("com/acme/text/Shout.java", """
            package com.acme.text;

            public final class Shout {
                public static String loud(String text) {
                    return text.toUpperCase() + "!";
                }
            }
            """);

    private static final Map<String, String> FUNCTION = Map.of(
            "com/acme/fn/Entry.java", """
                    package com.acme.fn;

                    import com.acme.fn.model.Reading;
                    import com.acme.text.Shout;
                    import io.fnpulse.api.Context;
                    import java.util.Map;

                    public class Entry {
                        public Map<String, Object> process(Map<String, Object> input, Context context) {
                            Reading reading = Reading.of(input);
                            int calls = ((Number) context.env().getOrDefault("calls", 0)).intValue() + 1;
                            context.env().put("calls", calls);
                            return Map.of("shout", Shout.loud(reading.name()), "calls", calls);
                        }
                    }
                    """,
            "com/acme/fn/model/Reading.java", """
                    package com.acme.fn.model;

                    import java.util.Map;

                    public record Reading(String name) {
                        public static Reading of(Map<String, Object> input) {
                            return new Reading(String.valueOf(input.get("name")));
                        }
                    }
                    """);

    @TempDir
    Path dir;

    @Test
    void runsAZipOfCompiledClassesInSeveralPackagesWithALibJarAndANonDefaultMethod(TestRedis redis) throws IOException {
        Path zip = compiledZip();

        try (RuntimeJar runtime = RuntimeJar.start("zip-classes", env(redis, "zip", zip.toString()))) {
            assertShouts(redis, "zip", runtime);
        }
    }

    @Test
    void runtimesSharingACodeFolderLeaveEachOthersFilesAlone(TestRedis redis) throws IOException {
        Path zip = compiledZip();
        String shared = dir.resolve("shared-code").toString();
        Map<String, String> first = env(redis, "share-a", zip.toString());
        first.put("CODE_CACHE_DIR", shared);
        Map<String, String> second = env(redis, "share-b", zip.toString());
        second.put("CODE_CACHE_DIR", shared);
        try (RuntimeJar a = RuntimeJar.start("share-a", first)) {
            a.process().awaitLine("loaded com.acme.fn.Entry::process", Probe.WAIT);
            // the classes a first call loads (Reading, and Shout from lib/) are read from a's folder only now,
            // after b has started in the same CODE_CACHE_DIR
            try (RuntimeJar b = RuntimeJar.start("share-b", second)) {
                b.process().awaitLine("loaded com.acme.fn.Entry::process", Probe.WAIT);
                assertShouts(redis, "share-a", a);
                assertShouts(redis, "share-b", b);
            }
            Probe probe = new Probe(redis, "share-a-in", "share-a-out");
            probe.send("{\"name\":\"after\"}");
            assertThat(probe.awaitOutput(node -> node.path("calls").asInt() == 3)
                            .path("shout")
                            .asText())
                    .isEqualTo("AFTER!");
        }
    }

    @Test
    void compilesAZipOfSourcesFetchedOverHttp(TestRedis redis) throws IOException {
        Path libJar = libraryJar();
        byte[] zip = new TestCode.Archive()
                .addSources("src/main/java/", FUNCTION)
                .add("lib/shout.jar", Files.readAllBytes(libJar))
                .bytes();
        try (CodeServer server = new CodeServer()) {
            server.serve(zip);
            try (RuntimeJar runtime = RuntimeJar.start("zip-http", env(redis, "http", server.url("/function.zip")))) {
                assertShouts(redis, "http", runtime);
                assertThat(runtime.process().findLine("loaded com.acme.fn.Entry::process"))
                        .isPresent();
            }
        }
    }

    @Test
    void refusesAZipWithAnEntryEscapingTheExtractionFolder(TestRedis redis) {
        Path zip = new TestCode.Archive()
                .addSources("", FUNCTION)
                .add("../../escaped.txt", "owned")
                .writeTo(dir.resolve("slip.zip"));
        Probe probe = new Probe(redis, "slip-in", "slip-out");

        try (RuntimeJar runtime = RuntimeJar.start("zip-slip", env(redis, "slip", zip.toString()))) {
            JsonNode status = probe.awaitStatus(s -> s.path("codeError").isObject());
            assertThat(status.at("/codeError/message").asText())
                    .contains("../../escaped.txt escapes the extraction folder");
            assertThat(runtime.get("/readyz").statusCode()).isEqualTo(503);
            assertThat(runtime.process().isAlive()).isTrue();
            assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();
        }
    }

    @Test
    void picksUpAConfigMapUpdateWithTheEnvIntactAndKeepsRunningThroughABrokenOne(TestRedis redis) throws IOException {
        String version1 = Files.readString(Path.of("src/test/resources/functions/ProbeFunction.java"));
        String version2 = version1.replace(
                "out.put(\"calls\", calls);", "out.put(\"calls\", calls);\n        out.put(\"version\", 2);");
        String broken = version2.replace("int calls = ", "int calls = = ");
        int brokenLine = lineOf(broken, "int calls = = ");

        ConfigMapVolume volume = new ConfigMapVolume(dir.resolve("function-volume"));
        volume.publish("function.java", version1, FileTime.from(Instant.parse("2026-11-28T01:00:00Z")));
        Map<String, String> env = RuntimeJar.keys(
                RuntimeJar.baseEnv(redis, volume.file("function.java")), "cm", "probe.ProbeFunction::handle");
        Probe probe = new Probe(redis, "cm-in", "cm-out");

        try (RuntimeJar runtime = RuntimeJar.start("configmap", env)) {
            assertThat(probe.sendValue(1).path("version").isMissingNode()).isTrue();

            volume.publish("function.java", version2, FileTime.from(Instant.parse("2026-11-28T02:00:00Z")));
            runtime.process().awaitLine("loaded probe.ProbeFunction::handle .*replacing", Probe.WAIT);
            JsonNode second = probe.sendValue(2);
            assertThat(second.path("version").asInt()).isEqualTo(2);
            assertThat(second.path("calls").asInt())
                    .as("env survived the reload")
                    .isEqualTo(2);
            assertThat(second.path("functionGetmtime").asText()).isEqualTo("2026-11-28T02:00:00Z");

            volume.publish("function.java", broken, FileTime.from(Instant.parse("2026-11-28T03:00:00Z")));
            JsonNode status = probe.awaitStatus(s -> s.path("codeError").isObject());
            assertThat(status.at("/codeError/message").asText()).contains("function.java:" + brokenLine + ": error:");
            runtime.process().awaitLine("function.java:" + brokenLine + ": error:", Probe.WAIT);

            JsonNode third = probe.sendValue(3);
            assertThat(third.path("version").asInt())
                    .as("the previous version keeps running")
                    .isEqualTo(2);
            assertThat(third.path("calls").asInt()).isEqualTo(3);
            assertThat(probe.status().at("/codeError/message").asText())
                    .as("still reported")
                    .contains(":" + brokenLine + ":");
        }
    }

    /** The function's classes in their packages, and the library they use in lib/. */
    private Path compiledZip() throws IOException {
        Path libJar = libraryJar();
        return new TestCode.Archive()
                .addAll("", TestCode.compile(dir.resolve("fn"), FUNCTION, libJar))
                .add("lib/shout.jar", Files.readAllBytes(libJar))
                .writeTo(dir.resolve("function.zip"));
    }

    private Path libraryJar() {
        return new TestCode.Archive()
                .addAll("", TestCode.compile(dir.resolve("lib"), LIBRARY, false))
                .writeTo(dir.resolve("shout.jar"));
    }

    private void assertShouts(TestRedis redis, String prefix, RuntimeJar runtime) {
        Probe probe = new Probe(redis, prefix + "-in", prefix + "-out");
        probe.send("{\"name\":\"fnpulse\"}");
        JsonNode output = probe.awaitOutput(node -> node.has("shout"));
        assertThat(output.path("shout").asText()).isEqualTo("FNPULSE!");
        probe.send("{\"name\":\"again\"}");
        assertThat(probe.awaitOutput(node -> node.path("calls").asInt() == 2)
                        .path("shout")
                        .asText())
                .isEqualTo("AGAIN!");
        assertThat(runtime.process().isAlive()).isTrue();
    }

    private Map<String, String> env(TestRedis redis, String prefix, String zip) {
        Map<String, String> env = RuntimeJar.keys(
                RuntimeJar.baseEnv(redis, dir.resolve("unused.java")), prefix, "com.acme.fn.Entry::process");
        env.remove("FUNCTION_PATH");
        env.put("FUNCTION_ZIP", zip);
        return env;
    }

    private static int lineOf(String source, String text) {
        List<String> lines = source.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in the source");
    }
}
