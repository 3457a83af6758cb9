package io.fnpulse.dashboard;

import io.fnpulse.dashboard.fleet.FleetConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.StartupConfig;
import io.fnpulse.service.lifecycle.OutOfMemoryExit;
import io.fnpulse.service.lifecycle.ShutdownSignal;
import io.fnpulse.service.text.Bytes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar fnpulse-dashboard.jar}: configuration from the environment, then the dashboard until SIGTERM. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        OutOfMemoryExit.install("dashboard");
        DashboardConfig config = StartupConfig.orExit(log, () -> DashboardConfig.fromEnv(Env.system()));
        Optional<FleetConfig> fleet = StartupConfig.orExit(log, () -> FleetConfig.fromEnv(Env.system(), config));
        ShutdownSignal shutdown = ShutdownSignal.install();
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(config, fleet);
        } catch (RuntimeException e) {
            log.error("could not start on port {}: {}", config.port(), e.getMessage());
            System.exit(1);
            return;
        }
        log.info(
                "dashboard listening on http://localhost:{} for {} at {} (poll every {} ms, trigger {},"
                        + " status key {}, values up to {}, sign-in {})",
                dashboard.port(),
                config.outputKey(),
                config.redis(),
                config.pollInterval().toMillis(),
                config.trigger(),
                config.statusKey().orElse("off"),
                Bytes.describe(config.maxValueBytes()),
                config.signIn().describe());
        fleet.ifPresent(f -> log.info(
                "fleet mode: hosts are the outputs matching {} (at most {}), scanned every {} s",
                f.pattern(),
                f.maxHosts(),
                f.scanInterval().toSeconds()));
        log.info("stopping on {}", shutdown.await());
        dashboard.close();
        System.exit(0);
    }
}
