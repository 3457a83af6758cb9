package io.fnpulse.stack.author;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.fnpulse.service.log.LogLine;
import io.fnpulse.service.log.ServiceLogging;

/**
 * The logging of the author's commands, set up in code: standard output is theirs (one line per input), so every log
 * line goes to standard error, warnings only ({@code LOG_LEVEL} says otherwise), and what a function's own threads
 * print outside a call is shown too.
 *
 * <p>Logback finds it as a service before the services' {@link ServiceLogging}; it configures only when the stack's
 * Main has said that an author's command runs, and otherwise leaves the stack to that.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class AuthorLogging extends ContextAwareBase implements Configurator {

    /** Set (to the command's name) before the first logger is made when an author's command runs. */
    public static final String COMMAND_PROPERTY = "fnpulse.authorCommand";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(COMMAND_PROPERTY) == null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = ServiceLogging.toConsole(context, "System.err", LogLine.prefixed("fnpulse: "));
        root.setLevel(Level.toLevel(ServiceLogging.level(), Level.WARN));
        context.getLogger("io.fnpulse.function.output").setLevel(Level.INFO);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
