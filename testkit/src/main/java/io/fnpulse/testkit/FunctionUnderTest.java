package io.fnpulse.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.runtime.invoke.CallScopes;
import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.JsonMappers;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.CodeSettings;
import io.fnpulse.runtime.load.HandlerSpec;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.runtime.load.UserCodeLimits;
import io.fnpulse.runtime.python.PythonFunctions;
import io.fnpulse.runtime.python.PythonSettings;
import io.fnpulse.runtime.report.ErrorReports;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.state.EnvShadow;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.function.ErrorReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A function loaded by the runtime's own loader and called by its own invoker: the same class-loader rules, handler
 * lookup and error messages, env JSON round trip, deadline and capture of what a call prints. Calls run one at a
 * time, in order, with one env carried from each successful call to the next, as the runtime carries it; nothing
 * touches Redis. A Python function ({@code .py}, or a zip of Python modules) runs as the runtime runs it, in a worker
 * process of the interpreter {@link Builder#python} names, its env kept in the typed form the runtime saves.
 *
 * <pre>{@code
 * try (FunctionUnderTest function = FunctionUnderTest.load(Path.of("src/main/java/io/example/Scale.java"))) {
 *     Map<String, Object> output = function.call(Map.of("value", 2)).expectOutput();
 *     assertEquals(20.0, output.get("scaled"));
 * }
 * }</pre>
 */
public final class FunctionUnderTest implements AutoCloseable {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final LiveFunction code;
    private final PythonFunctions python;
    private final LoadedFunction function;
    private final RuntimeContext context;
    private final Invoker invoker;
    private final InputDecoder decoder;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final Optional<Path> scratch;
    private boolean closed;

    private FunctionUnderTest(
            LiveFunction code,
            PythonFunctions python,
            LoadedFunction function,
            RuntimeContext context,
            Invoker invoker,
            ObjectMapper json,
            Optional<Path> scratch) {
        this.code = code;
        this.python = python;
        this.function = function;
        this.context = context;
        this.invoker = invoker;
        this.decoder = new InputDecoder(json);
        this.json = json;
        this.scratch = scratch;
    }

    /**
     * A {@code .java} source file, a {@code .jar}, a {@code .py} module or a {@code .zip}, loaded as FUNCTION_PATH or
     * FUNCTION_ZIP would be.
     */
    public static FunctionUnderTest load(Path code) {
        return from(code).load();
    }

    /** A class, from the jar or classes folder it was compiled to, with its method {@code handle}. */
    public static FunctionUnderTest load(Class<?> type) {
        return from(type).load();
    }

    /** To set the handler, the deadline, a starting env or the context before loading a file. */
    public static Builder from(Path code) {
        return new Builder(Objects.requireNonNull(code, "code"), null);
    }

    /** The same for a class; the handler is {@code Class::handle} unless {@link Builder#handler} names a method. */
    public static Builder from(Class<?> type) {
        return new Builder(null, Objects.requireNonNull(type, "type"));
    }

    /** Calls the function on {@code input}, handed over as the runtime would: read back from its JSON. */
    public Call call(Map<String, ?> input) {
        try {
            return call(json.writeValueAsString(input));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the input cannot be written as JSON, so it could never reach the"
                    + " function: " + e.getOriginalMessage());
        }
    }

    /**
     * Calls the function on the raw text of an input, as the runtime reads it from its key or stream entry: text
     * that is not a JSON object is a failed call ({@code bad_input}) and the function is not called.
     */
    public Call call(String rawInput) {
        ensureOpen();
        Map<String, Object> input;
        try {
            input = decoder.decode(rawInput);
        } catch (InvalidInputException e) {
            ErrorReport error = ErrorReport.of(e.getClass().getName(), e.getMessage());
            return failed(CallOutcome.BAD_INPUT, error, Duration.ZERO, Captured.NOTHING);
        }
        Outcome outcome;
        try {
            outcome = invoker.invoke(function, input);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a call of " + function.describe(), e);
        }
        if (outcome instanceof Outcome.Success success) {
            context.commitEnv(success.env(), success.form());
            context.executedAt(clock.instant());
            Captured printed = success.captured();
            return new Call(
                    success.output(),
                    env(),
                    Captured.shown(printed.stdout(), printed.stdoutMore()),
                    Captured.shown(printed.stderr(), printed.stderrMore()),
                    Optional.empty(),
                    success.took());
        }
        if (outcome instanceof Outcome.Died died) {
            // the runtime would call it again (after restarting itself, or the Python worker) until POISON_RETRIES
            // such deaths (1 by default), then skip it as poison
            return failed(CallOutcome.POISON_INPUT, ErrorReports.of(died.cause()), died.took(), died.captured());
        }
        Outcome.Failure failure = (Outcome.Failure) outcome;
        return failed(failure.kind(), ErrorReports.of(failure.cause()), failure.took(), failure.captured());
    }

    /** Calls the function on each line of a {@code .jsonl} file, in order; blank lines are not inputs. */
    public List<Call> callEach(Path jsonl) {
        List<Call> calls = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(jsonl)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    calls.add(call(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the inputs in " + jsonl, e);
        }
        return calls;
    }

    /**
     * The env the next call starts from: what the last successful call left (or the starting env), as JSON shows it;
     * for a Python function, its tuples as lists, its datetimes as ISO-8601 text, ... ({@link #envJson} keeps them).
     */
    public Map<String, Object> env() {
        return Collections.unmodifiableMap(EnvForm.JSON.from(context.envForm(), context.env()));
    }

    /**
     * The env the next call starts from, as the runtime saves it in the state key: for a Python function, in the
     * typed form that keeps its types, which {@link Builder#env} reads back.
     */
    public String envJson() {
        try {
            return json.writeValueAsString(context.env());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the env was read back from JSON and always writes", e);
        }
    }

    /** The loaded version's short content hash, as the status key's {@code codeVersion} names it. */
    public String version() {
        return function.version();
    }

    /** One line, as the runtime logs a load: {@code io.x.Foo::handle from Foo.java (a1b2c3d4e5f6, compiled)}. */
    public String describe() {
        return function.describe();
    }

    /** Closes the version (its worker thread and class loader) and removes what the loader staged. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            code.close();
            python.close();
        } finally {
            SharedPrinting.release();
            scratch.ifPresent(FunctionUnderTest::deleteQuietly);
        }
    }

    private Call failed(CallOutcome kind, ErrorReport error, Duration took, Captured printed) {
        return new Call(
                Optional.empty(),
                env(),
                Captured.shown(printed.stdout(), printed.stdoutMore()),
                Captured.shown(printed.stderr(), printed.stderrMore()),
                Optional.of(new Failure(
                        kind.tag(), error.type(), error.message(), Objects.requireNonNullElse(error.stackTrace(), ""))),
                took);
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this function was closed: load it again to call it");
        }
    }

    private static void deleteQuietly(Path tree) {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary folder; the OS cleans it up in the end
        }
    }

    /** How to load a function: all optional, each defaulting to what the runtime does when its variable is unset. */
    public static final class Builder {

        private final Path file;
        private final Class<?> type;
        private Optional<HandlerSpec> handler = Optional.empty();
        private Duration timeout = RuntimeConfig.DEFAULT_HANDLER_TIMEOUT;
        private int captureBytes = RuntimeConfig.DEFAULT_CAPTURE_BYTES;
        private Map<String, Object> env = Map.of();
        private Path codeCache = RuntimeConfig.defaultCodeCacheDir();
        private String host = "localhost";
        private int port = 6379;
        private String inputKey = "metrics";
        private String outputKey;
        private String python = PythonSettings.DEFAULT_INTERPRETER;

        private Builder(Path file, Class<?> type) {
            this.file = file;
            this.type = type;
        }

        /**
         * FUNCTION_HANDLER: {@code [package.]Class[::method]}; for a class, a method name alone will do.
         *
         * @throws IllegalArgumentException naming the expected form
         */
        public Builder handler(String spec) {
            String full =
                    type != null && !spec.contains(".") && !spec.contains("::") ? type.getName() + "::" + spec : spec;
            this.handler = Optional.of(HandlerSpec.parse(full));
            return this;
        }

        /** HANDLER_TIMEOUT_SECONDS: the deadline of each call, and of the handler's initialisation (30 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** CAPTURE_BYTES: what a call may print to each stream that is kept with it (8 KiB). */
        public Builder captureBytes(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("captureBytes must not be negative, got " + bytes);
            }
            this.captureBytes = bytes;
            return this;
        }

        /**
         * The env the first call starts from, as restored from a state key (read back from its JSON): for a Python
         * function, in the typed form the runtime saves it in (plain JSON is that form too, but for an object with a
         * key starting with {@code $}).
         */
        public Builder env(Map<String, ?> saved) {
            this.env = Map.copyOf(saved);
            return this;
        }

        /** CODE_CACHE_DIR: where compiled classes are kept, shared with the runtime's default. */
        public Builder codeCache(Path folder) {
            this.codeCache = folder;
            return this;
        }

        /** PYTHON: the interpreter a Python function runs in (default {@code /usr/bin/python3}). */
        public Builder python(String interpreter) {
            this.python = Objects.requireNonNull(interpreter, "interpreter");
            return this;
        }

        /** What {@code context.host()}, {@code port()}, {@code inputKey()} and {@code outputKey()} return. */
        public Builder context(String host, int port, String inputKey, String outputKey) {
            this.host = host;
            this.port = port;
            this.inputKey = inputKey;
            this.outputKey = outputKey;
            return this;
        }

        /** @throws FunctionLoadFailure with the runtime's message when the code does not load */
        public FunctionUnderTest load() {
            ObjectMapper json = JsonMappers.create(); // the runtime's, so numbers read and write as there
            Map<String, Object> startEnv = normalised(json, env);
            Optional<Path> scratch = Optional.empty();
            CallScopes calls = SharedPrinting.acquire();
            LiveFunction code = null;
            PythonFunctions pythonFunctions = null;
            try {
                Path codeFile = file;
                Optional<HandlerSpec> spec = handler;
                if (type != null) {
                    scratch = Optional.of(Files.createTempDirectory("fnpulse-testkit-"));
                    codeFile = ClassRoot.jarOf(type, scratch.get());
                    spec = handler.or(() -> Optional.of(HandlerSpec.parse(type.getName() + "::handle")));
                }
                CodeSettings settings;
                try {
                    settings = CodeSettings.ofFile(codeFile, spec, codeCache);
                } catch (IllegalArgumentException e) {
                    throw new FunctionLoadFailure(e.getMessage());
                }
                try {
                    pythonFunctions =
                            new PythonFunctions(PythonSettings.unchecked(python), codeCache.resolve("python"));
                } catch (ConfigException e) {
                    throw new FunctionLoadFailure(e.getMessage());
                }
                code = new LiveFunction(settings, new UserCodeLimits(timeout, () -> {}), pythonFunctions);
                Refresh refresh = code.refresh();
                if (refresh instanceof Refresh.Failed failed) {
                    throw new FunctionLoadFailure(failed.error());
                }
                LoadedFunction function = ((Refresh.Loaded) refresh).function();
                RuntimeContext context = new RuntimeContext(host, port, inputKey, outputKey, calls);
                context.restoreEnv(startEnv(startEnv, function.envForm()), function.envForm());
                context.codeModifiedAt(function.modifiedAt());
                Invoker invoker = new Invoker(context, timeout, json, captureBytes);
                return new FunctionUnderTest(code, pythonFunctions, function, context, invoker, json, scratch);
            } catch (IOException e) {
                release(code, pythonFunctions, scratch);
                throw new FunctionLoadFailure("cannot make a temporary folder: " + e);
            } catch (RuntimeException | Error e) {
                release(code, pythonFunctions, scratch);
                throw e;
            }
        }

        /** The starting env in the function's form; a Python function's must be its typed form. */
        private static Map<String, Object> startEnv(Map<String, Object> env, EnvForm form) {
            if (form == EnvForm.PYTHON) {
                try {
                    EnvShadow.of(env);
                } catch (EnvShadow.NotTypedEnv e) {
                    throw new FunctionLoadFailure("the starting env is not a Python function's env as the runtime"
                            + " saves it: " + e.getMessage());
                }
            }
            return env;
        }

        private static void release(LiveFunction code, PythonFunctions python, Optional<Path> scratch) {
            if (code != null) {
                code.close();
            }
            if (python != null) {
                python.close();
            }
            SharedPrinting.release();
            scratch.ifPresent(FunctionUnderTest::deleteQuietly);
        }

        private static Map<String, Object> normalised(ObjectMapper json, Map<String, Object> env) {
            try {
                return json.readValue(json.writeValueAsString(env), MAP);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "the starting env cannot be written as JSON: " + e.getOriginalMessage());
            }
        }
    }
}
