package io.fnpulse.stack.author.function;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Which function to run, and how, as the author's commands are told it.
 *
 * @param file      the code: its kind follows from its name
 * @param handler   {@code --handler}, else the runtime's default for that kind of code
 * @param timeout   the deadline of each call (the runtime's HANDLER_TIMEOUT_SECONDS)
 * @param env       the env the first call starts from
 * @param context   what the function's context says about where it runs
 * @param codeCache the runtime's CODE_CACHE_DIR: compiled classes, kept across runs
 * @param python    the runtime's PYTHON: the interpreter a Python function runs in
 */
public record FunctionRequest(
        Path file,
        Optional<String> handler,
        Duration timeout,
        Map<String, Object> env,
        ContextValues context,
        Path codeCache,
        String python) {

    /** What {@code context.host()}, {@code port()}, {@code inputKey()} and {@code outputKey()} return. */
    public record ContextValues(String host, int port, String inputKey, String outputKey) {}
}
