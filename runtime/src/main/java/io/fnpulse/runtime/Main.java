package io.fnpulse.runtime;

import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.StartupConfig;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** {@code java -jar fnpulse-runtime.jar}: the runtime configured from the environment, until SIGTERM or SIGINT. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        RuntimeConfig config = StartupConfig.orExit(log, () -> RuntimeConfig.fromEnv(Env.system()));
        CountDownLatch stop = new CountDownLatch(1);
        // Handling the signals ourselves (rather than in a shutdown hook) lets the call in progress finish and
        // the process exit 0, which Kubernetes reads as a clean stop.
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                log.info("SIG{}: finishing the call in progress, then stopping", name);
                stop.countDown();
            });
        }
        try (RuntimeService runtime = RuntimeService.start(config)) {
            stop.await();
        }
        System.exit(0);
    }
}
