package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Python function's context has the attributes the course's runtime gave it, with the same types. */
class PythonContextTest {

    private static final String SHOW_CONTEXT = """
            import datetime

            def handler(input, context):
                last = context.last_execution
                return {
                    "host": context.host,
                    "port": context.port,
                    "input_key": context.input_key,
                    "output_key": context.output_key,
                    "function_getmtime": context.function_getmtime,
                    "last_execution": None if last is None else [type(last).__name__, last.tzinfo is None, str(last)],
                    "env": type(context.env).__name__,
                    "env_keys": sorted(context.env),
                }
            """;

    @TempDir
    Path dir;

    @Test
    void showsTheCoursesAttributesWithTheCoursesTypes() throws Exception {
        Path function = TestCode.write(dir.resolve("usermodule.py"), SHOW_CONTEXT);
        Instant modified = Instant.parse("2026-11-27T13:00:05Z");
        Files.setLastModifiedTime(function, FileTime.from(modified));
        try (PythonFixture python = new PythonFixture(dir, function, Optional.empty(), Optional.empty())) {
            python.loaded();

            Map<String, Object> first =
                    PythonFixture.object(python.succeeds(Map.of()).output().orElseThrow());
            Map<String, Object> second =
                    PythonFixture.object(python.succeeds(Map.of()).output().orElseThrow());

            String localMtime = LocalDateTime.ofInstant(modified, ZoneId.systemDefault())
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            assertThat(first)
                    .containsEntry("host", "redis.example")
                    .containsEntry("port", 6379)
                    .containsEntry("input_key", "metrics")
                    .containsEntry("output_key", "metrics-output")
                    .containsEntry("function_getmtime", localMtime)
                    .containsEntry("env", "dict")
                    .containsEntry("env_keys", java.util.List.of());
            assertThat(first.get("last_execution"))
                    .as("before the first successful call")
                    .isNull();
            assertThat(second.get("last_execution"))
                    .asList()
                    .startsWith("datetime", true)
                    .satisfies(shown -> assertThat((String) shown.get(2))
                            .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?"));
        }
    }
}
