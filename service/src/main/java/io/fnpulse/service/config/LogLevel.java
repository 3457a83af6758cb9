package io.fnpulse.service.config;

import java.util.List;

/**
 * {@code LOG_LEVEL}: the level of fnpulse's own loggers, read by the log configuration itself. Validated here at
 * start like every other variable, because the logging library would silently take a misspelt level for DEBUG.
 */
public final class LogLevel {

    public static final String VARIABLE = "LOG_LEVEL";
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private LogLevel() {}

    public static String fromEnv(Env env) {
        return env.oneOf(VARIABLE, "INFO", LEVELS);
    }
}
