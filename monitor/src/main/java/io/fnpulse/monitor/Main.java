package io.fnpulse.monitor;

import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.StartupConfig;
import io.fnpulse.service.lifecycle.OutOfMemoryExit;
import io.fnpulse.service.lifecycle.ShutdownSignal;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar fnpulse-monitor.jar}: publishes this host's metrics to Redis every interval until SIGTERM. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        OutOfMemoryExit.install("monitor");
        MonitorConfig config = StartupConfig.orExit(log, () -> MonitorConfig.fromEnv(Env.system()));
        ShutdownSignal shutdown = ShutdownSignal.install();
        try (MonitorService monitor = MonitorService.start(config)) {
            log.info("stopping on {}", shutdown.await());
        } catch (UncheckedIOException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
