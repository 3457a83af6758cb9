package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.CodeSettings;
import io.fnpulse.runtime.load.HandlerSpec;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.runtime.load.UserCodeLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Python function as the runtime runs it, without Redis: loaded by a {@link LiveFunction} through
 * {@link PythonFunctions} and called through the {@link Invoker}, each success's env committed as the runtime commits
 * it. Tests that need Debian's python3 skip, saying so, where it is not installed.
 */
final class PythonFixture implements AutoCloseable {

    static final Path PYTHON3 = Path.of("/usr/bin/python3");
    static final ObjectMapper JSON = new ObjectMapper();
    /** Starting a Python worker can take seconds on a busy machine; tests about the deadline use a call's. */
    static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(20);

    static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    final PythonFunctions functions;
    final LiveFunction live;
    final RuntimeContext context;
    final Invoker invoker;

    /** Debian's python3, checked as the runtime checks PYTHON; the test is skipped where it is absent. */
    static PythonSettings python3() {
        assumeTrue(
                Files.isExecutable(PYTHON3),
                "python3 is not installed at " + PYTHON3 + " (apt-get install python3): skipped");
        return PythonSettings.check(PYTHON3.toString());
    }

    PythonFixture(Path work, Path functionPath, Optional<String> functionZip, Optional<String> handler) {
        this(work, functionPath, functionZip, handler, Duration.ofSeconds(10), IMPORT_TIMEOUT, 8 * 1024);
    }

    PythonFixture(
            Path work,
            Path functionPath,
            Optional<String> functionZip,
            Optional<String> handler,
            Duration timeout,
            Duration importTimeout,
            int captureBytes) {
        functions = new PythonFunctions(python3(), work.resolve("python"));
        CodeSettings settings = new CodeSettings(
                functionPath,
                functionZip,
                handler.map(HandlerSpec::parse),
                work.resolve("code"),
                Duration.ofSeconds(10),
                Duration.ZERO,
                Optional.empty(),
                false);
        live = new LiveFunction(settings, new UserCodeLimits(importTimeout, () -> {}), functions);
        context = new RuntimeContext("redis.example", 6379, "metrics", "metrics-output");
        invoker = new Invoker(context, timeout, JSON, captureBytes);
    }

    /** Loads (or reloads) the code, and tells the context when it changed, as the runtime does. */
    Refresh refresh() {
        Refresh refresh = live.refresh();
        if (refresh instanceof Refresh.Loaded loaded) {
            context.codeModifiedAt(loaded.function().modifiedAt());
        }
        return refresh;
    }

    LoadedFunction loaded() {
        Refresh refresh = refresh();
        assertThat(refresh).as("the code loads").isNotInstanceOf(Refresh.Failed.class);
        return live.current().orElseThrow();
    }

    /** One call; a success's env is committed and the call counted as the last execution, as the runtime does. */
    Outcome call(Map<String, Object> input) throws InterruptedException {
        Outcome outcome = invoker.invoke(live.current().orElseThrow(), input);
        if (outcome instanceof Outcome.Success success) {
            context.commitEnv(success.env(), success.form());
            context.executedAt(Instant.now());
        }
        return outcome;
    }

    Outcome.Success succeeds(Map<String, Object> input) throws InterruptedException {
        Outcome outcome = call(input);
        assertThat(outcome).as("%s", outcome).isInstanceOf(Outcome.Success.class);
        return (Outcome.Success) outcome;
    }

    Outcome.Failure fails(Map<String, Object> input) throws InterruptedException {
        Outcome outcome = call(input);
        assertThat(outcome).as("%s", outcome).isInstanceOf(Outcome.Failure.class);
        return (Outcome.Failure) outcome;
    }

    static Map<String, Object> object(String json) throws Exception {
        return JSON.readValue(json, MAP);
    }

    @Override
    public void close() {
        live.close();
        functions.close();
    }
}
