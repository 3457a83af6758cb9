package io.fnpulse.bench.latency;

import java.time.Duration;

/** One way of running the runtime whose reaction time is measured: its trigger and poll interval, and how many inputs. */
record TriggerCase(String name, String trigger, Duration pollInterval, int inputs, int warmup) {

    /** A pause before each SET, random in [0, this), so inputs land anywhere in the poll cycle, as real ones do. */
    Duration maxPause() {
        return trigger.equals("notify") ? Duration.ofMillis(2) : pollInterval;
    }

    String pollSeconds() {
        return io.fnpulse.service.text.Seconds.of(pollInterval);
    }
}
