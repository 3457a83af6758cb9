package io.fnpulse.service.lifecycle;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (Kubernetes stopping the pod) and SIGINT (Ctrl-C) as an orderly stop: the main thread wakes up, closes
 * everything and exits 0. A JVM shutdown hook could not do that, because a process ended by a signal exits 143.
 */
public final class ShutdownSignal {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

    private final CountDownLatch received = new CountDownLatch(1);
    private volatile String name = "";

    private ShutdownSignal() {}

    public static ShutdownSignal install() {
        ShutdownSignal shutdown = new ShutdownSignal();
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(signal), shutdown::receive);
            } catch (IllegalArgumentException e) {
                log.warn(
                        "cannot handle SIG{} here ({}); it will stop the process without cleanup",
                        signal,
                        e.getMessage());
            }
        }
        return shutdown;
    }

    private void receive(Signal signal) {
        name = "SIG" + signal.getName();
        received.countDown();
    }

    /** Blocks until a stop signal arrives; returns its name. */
    public String await() throws InterruptedException {
        received.await();
        return name;
    }
}
