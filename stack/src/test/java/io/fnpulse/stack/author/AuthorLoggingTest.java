package io.fnpulse.stack.author;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthorLoggingTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(AuthorLogging.COMMAND_PROPERTY);
    }

    @Test
    void anAuthorsCommandLogsWarningsToStandardErrorAndWhatFunctionsPrint() {
        System.setProperty(AuthorLogging.COMMAND_PROPERTY, "invoke");
        LoggerContext context = new LoggerContext();
        AuthorLogging logging = new AuthorLogging();
        logging.setContext(context);

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, logging.configure(context));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        String level = System.getenv("LOG_LEVEL");
        assertEquals(level == null ? Level.WARN : Level.toLevel(level, Level.WARN), root.getLevel());
        Appender<ILoggingEvent> appender = root.getAppender("STDERR");
        assertTrue(appender instanceof ConsoleAppender<ILoggingEvent> console
                && console.getTarget().equals("System.err")
                && console.isStarted());
        assertEquals(Level.INFO, context.getLogger("io.fnpulse.function.output").getLevel());
    }

    @Test
    void theStackIsLeftToTheServicesLogging() {
        LoggerContext context = new LoggerContext();
        AuthorLogging logging = new AuthorLogging();
        logging.setContext(context);

        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, logging.configure(context));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertNull(root.getAppender("STDERR"));
        assertFalse(root.iteratorForAppenders().hasNext());
    }

    @Test
    void logbackRunsItBeforeTheServicesLoggingWhichIsAlsoFoundAsAService() throws JoranException {
        System.setProperty(AuthorLogging.COMMAND_PROPERTY, "invoke");
        LoggerContext context = new LoggerContext();

        new ContextInitializer(context).autoConfig();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertTrue(root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent>);
        assertNull(root.getAppender("STDOUT"));
    }
}
