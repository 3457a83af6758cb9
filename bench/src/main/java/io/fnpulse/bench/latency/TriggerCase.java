package io.fnpulse.bench.latency;

import java.time.Duration;

/**
 * One way of running the runtime whose reaction time is measured: its trigger and poll interval, how many inputs, and
 * whether the echo function is the Java one or the Python one (run in the runtime's Python worker).
 */
record TriggerCase(String name, String trigger, Duration pollInterval, int inputs, int warmup, boolean python) {

    /** A pause before each SET, random in [0, this), so inputs land anywhere in the poll cycle, as real ones do. */
    Duration maxPause() {
        return trigger.equals("notify") ? Duration.ofMillis(2) : pollInterval;
    }

    String pollSeconds() {
        return io.fnpulse.service.text.Seconds.of(pollInterval);
    }
}
