package io.fnpulse.service.log;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One log line, written without logback's pattern parser and its converters (a tenth of logback's classes at start):
 * the services' {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC} %-5level [%thread] %logger{0} - %msg%n}, or the author's
 * commands' {@code PREFIX%-5level %logger{0} - %msg%n}, each followed by the stack trace of the event's exception as
 * logback's pattern layout appends it.
 */
public final class LogLine extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final boolean service;
    private final String prefix;
    /** Made at the first event with an exception: logback's converter classes are not loaded until then. */
    private volatile ThrowableProxyConverter stackTrace;

    private LogLine(boolean service, String prefix) {
        this.service = service;
        this.prefix = prefix;
    }

    /** {@code 2026-12-08T03:10:58.861Z INFO  [main] RuntimeService - message}: the services' line. */
    public static LogLine timestamped() {
        return new LogLine(true, "");
    }

    /** {@code PREFIXWARN  Logger - message}: no time, no thread. */
    public static LogLine prefixed(String prefix) {
        return new LogLine(false, prefix);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128).append(prefix);
        if (service) {
            TIMESTAMP.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
            line.append(' ');
        }
        String level = event.getLevel().toString();
        line.append(level);
        for (int pad = level.length(); pad < 5; pad++) {
            line.append(' ');
        }
        if (service) {
            line.append(" [").append(event.getThreadName()).append(']');
        }
        String logger = event.getLoggerName();
        line.append(' ')
                .append(logger, logger.lastIndexOf('.') + 1, logger.length())
                .append(" - ")
                .append(event.getFormattedMessage())
                .append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) {
            line.append(stackTrace().convert(event));
        }
        return line.toString();
    }

    /** Two threads may make one each, the first time: the same converter, stateless. */
    private ThrowableProxyConverter stackTrace() {
        ThrowableProxyConverter converter = stackTrace;
        if (converter == null) {
            converter = new ThrowableProxyConverter();
            converter.setContext(getContext());
            converter.start();
            stackTrace = converter;
        }
        return converter;
    }
}
