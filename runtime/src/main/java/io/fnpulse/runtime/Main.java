package io.fnpulse.runtime;

import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.StartupConfig;
import io.fnpulse.service.lifecycle.OutOfMemoryExit;
import io.fnpulse.service.lifecycle.ShutdownSignal;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar fnpulse-runtime.jar}: the runtime configured from the environment, until SIGTERM or SIGINT. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        OutOfMemoryExit.install("runtime");
        RuntimeConfig config = StartupConfig.orExit(log, () -> RuntimeConfig.fromEnv(Env.system()));
        ShutdownSignal shutdown = ShutdownSignal.install();
        try (RuntimeService runtime = RuntimeService.start(config)) {
            log.info("{}: finishing the call in progress, then stopping", shutdown.await());
        } catch (UncheckedIOException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
