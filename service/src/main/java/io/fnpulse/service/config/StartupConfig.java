package io.fnpulse.service.config;

import java.util.function.Supplier;
import org.slf4j.Logger;

/** Reads a service's configuration once at start; a bad value stops the process with one line and exit code 2. */
public final class StartupConfig {

    public static final int EXIT_BAD_CONFIGURATION = 2;

    private StartupConfig() {}

    public static <T> T orExit(Logger log, Supplier<T> read) {
        try {
            return read.get();
        } catch (ConfigException e) {
            log.error("configuration refused: {}", e.getMessage());
            System.exit(EXIT_BAD_CONFIGURATION);
            throw e;
        }
    }
}
