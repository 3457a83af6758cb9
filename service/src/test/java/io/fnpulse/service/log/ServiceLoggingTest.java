package io.fnpulse.service.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceLoggingTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty("LOG_LEVEL");
    }

    @Test
    void logbackFindsItAndEveryLineGoesToStandardOut() throws Exception {
        LoggerContext context = new LoggerContext();

        new ContextInitializer(context).autoConfig();

        Appender<ILoggingEvent> appender =
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        assertThat(appender).isInstanceOfSatisfying(ConsoleAppender.class, console -> {
            assertThat(console.getTarget()).isEqualTo("System.out");
            assertThat(console.isStarted()).isTrue();
            assertThat(((LayoutWrappingEncoder<?>) console.getEncoder()).getLayout())
                    .isInstanceOf(LogLine.class);
        });
    }

    @Test
    void fnpulsesLoggersFollowLogLevelAndLibrariesSayWarningsOnly() {
        System.setProperty("LOG_LEVEL", "debug");

        LoggerContext context = configured();

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.fnpulse.runtime.RuntimeService").getEffectiveLevel())
                .isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("redis.clients.jedis.Connection").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.javalin.Javalin").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel())
                .isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.example.Other").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void anEmptyLogLevelIsInfoAsAnUnsetOne() {
        System.setProperty("LOG_LEVEL", "");

        assertThat(configured().getLogger("io.fnpulse.monitor.MonitorService").getEffectiveLevel())
                .isEqualTo(Level.INFO);
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        ServiceLogging logging = new ServiceLogging();
        logging.setContext(context);
        logging.configure(context);
        return context;
    }
}
