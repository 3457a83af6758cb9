package io.fnpulse.service.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The lines are those logback's pattern layout writes for the patterns the services' logback.xml and the author's had. */
class LogLineTest {

    private static final LoggerContext CONTEXT = new LoggerContext();

    static Stream<ILoggingEvent> events() {
        Logger named = CONTEXT.getLogger("io.fnpulse.runtime.RuntimeService");
        Logger root = CONTEXT.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger nested = CONTEXT.getLogger("org.example.Outer$Inner");
        IllegalStateException failure = new IllegalStateException(
                "the state", new UncheckedIOException("the cause", new IOException("the root cause")));
        failure.addSuppressed(new RuntimeException("suppressed"));
        return Stream.of(
                event(named, Level.INFO, "main", "serving on port {}", null, 8080),
                event(root, Level.WARN, "lease", "no {} here", null, (Object) null),
                event(nested, Level.ERROR, "function", "failed: {}", failure, "why"),
                event(named, Level.DEBUG, "keyspace-notify", "ünïcödé\tand a {} brace", null),
                event(named, Level.TRACE, "pool-1-thread-2", null, null),
                event(named, Level.INFO, "x", "a whole second", null),
                event(named, Level.INFO, "", "an unnamed thread", null),
                event(named, Level.WARN, "main", "a message\nover two lines", new Error("bare")));
    }

    private static ILoggingEvent event(
            Logger logger, Level level, String thread, String message, Throwable error, Object... arguments) {
        LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, level, message, error, arguments);
        event.setThreadName(thread);
        event.setTimeStamp(1_796_000_000_007L + thread.length() * 86_399_993L);
        return event;
    }

    @ParameterizedTest
    @MethodSource("events")
    void theServicesLineIsTheServicesLogbackXmlPattern(ILoggingEvent event) {
        LogLine line = LogLine.timestamped();
        line.setContext(CONTEXT);
        line.start();

        assertThat(line.doLayout(event))
                .isEqualTo(pattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{0} - %msg%n")
                        .doLayout(event));
    }

    @Test
    void aServiceLineReadsAsBefore() {
        LogLine line = LogLine.timestamped();
        line.setContext(CONTEXT);
        line.start();

        assertThat(line.doLayout(events().findFirst().orElseThrow()))
                .isEqualTo("2026-12-04T00:53:19.979Z INFO  [main] RuntimeService - serving on port 8080"
                        + System.lineSeparator());
    }

    @ParameterizedTest
    @MethodSource("events")
    void theAuthorsLineIsTheirPattern(ILoggingEvent event) {
        LogLine line = LogLine.prefixed("fnpulse: ");
        line.setContext(CONTEXT);
        line.start();

        assertThat(line.doLayout(event))
                .isEqualTo(pattern("fnpulse: %-5level %logger{0} - %msg%n").doLayout(event))
                .startsWith("fnpulse: " + event.getLevel());
    }

    private static PatternLayout pattern(String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(CONTEXT);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }
}
