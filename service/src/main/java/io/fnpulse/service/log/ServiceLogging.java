package io.fnpulse.service.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import io.fnpulse.service.config.LogLevel;
import java.util.List;

/**
 * The services' logging, set up in code: one line per event on standard output, as containers expect ({@link
 * LogLine#timestamped()}); {@code LOG_LEVEL} raises or lowers fnpulse's own loggers, the libraries' say warnings only.
 * In code rather than a logback.xml because reading that file loaded logback's XML configurator and the JDK's XML
 * parser, ~650 classes and a tenth of a service's start.
 *
 * <p>Logback finds it as a service ({@code META-INF/services}); a configurator ranked higher (the author's commands'
 * logging of the stack) may configure first and stop it. It has no {@code @ConfiguratorRank}, so logback ranks it
 * {@code DEFAULT}: logback reads that annotation of every configurator it finds with {@code getAnnotation}, and an
 * annotation present is an instance of a proxy class generated at run time, which no start-up archive holds (~15 ms
 * of a service's start on Java 25, before its first log line).
 */
public final class ServiceLogging extends ContextAwareBase implements Configurator {

    private static final List<String> QUIET_LIBRARIES =
            List.of("org.eclipse.jetty", "io.javalin", "redis.clients", "oshi");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logger root = toConsole(context, "System.out", LogLine.timestamped());
        root.setLevel(Level.INFO);
        context.getLogger("io.fnpulse").setLevel(Level.toLevel(level(), Level.INFO));
        QUIET_LIBRARIES.forEach(library -> context.getLogger(library).setLevel(Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Every event to {@code target} ({@code System.out} or {@code System.err}) in {@code layout}, logback's own status
     * messages silenced; returns the root logger, whose level is the caller's to set.
     */
    public static Logger toConsole(LoggerContext context, String target, LogLine layout) {
        context.getStatusManager().add(new NopStatusListener());
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(target.equals("System.err") ? "STDERR" : "STDOUT");
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        return root;
    }

    /**
     * {@code LOG_LEVEL} as a logback.xml's {@code ${LOG_LEVEL:-…}} read it: a system property, else the environment;
     * null when unset or empty. Validated with the rest of a service's configuration ({@link LogLevel}).
     */
    public static String level() {
        String property = System.getProperty(LogLevel.VARIABLE);
        String level = property != null ? property : System.getenv(LogLevel.VARIABLE);
        return level == null || level.isEmpty() ? null : level;
    }
}
