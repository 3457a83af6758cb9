package io.fnpulse.stack.author;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * The logging of the author's commands, set up in code: standard output is theirs (one line per input), so every log
 * line goes to standard error, warnings only ({@code LOG_LEVEL} says otherwise), and what a function's own threads
 * print outside a call is shown too. In code rather than a logback.xml because reading that file (logback's XML
 * configurator and the JDK's XML parser) was a fifth of the start of {@code ./fnpulse invoke}.
 *
 * <p>Logback finds it as a service before its own configurators; it configures only when the stack's Main has said that
 * an author's command runs, and otherwise leaves the stack to its logback.xml.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class AuthorLogging extends ContextAwareBase implements Configurator {

    /** Set (to the command's name) before the first logger is made when an author's command runs. */
    public static final String COMMAND_PROPERTY = "fnpulse.authorCommand";

    private static final String LOG_LEVEL = "LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(COMMAND_PROPERTY) == null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("fnpulse: %-5level %logger{0} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level(), Level.WARN));
        root.addAppender(stderr);
        context.getLogger("io.fnpulse.function.output").setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** As logback.xml's {@code ${LOG_LEVEL:-WARN}} reads it: a system property, else the environment. */
    private static String level() {
        String property = System.getProperty(LOG_LEVEL);
        return property != null ? property : System.getenv(LOG_LEVEL);
    }
}
