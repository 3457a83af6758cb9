package io.fnpulse.bench.coldstart;

import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.time.Instant;

/**
 * Where a cold start went, from the runtime's own log timestamps (milliseconds): JVM and logging up to its first
 * line, then until its HTTP endpoints serve, then until the function is loaded, then until the first output.
 */
record StartupPhases(long toFirstLog, long toServing, long toLoaded, long toOutput) {

    static StartupPhases of(ServiceProcess runtime, long coldStartNanos) {
        long first = at(runtime, "fnpulse runtime starting");
        long serving = at(runtime, "serving /healthz");
        long loaded = at(runtime, "LiveFunction - loaded");
        long output = coldStartNanos / 1_000_000;
        return new StartupPhases(first, serving - first, loaded - serving, output - loaded);
    }

    /** Milliseconds from the fork to the first line containing the text, or -1 when the line is missing. */
    private static long at(ServiceProcess runtime, String text) {
        for (String line : runtime.lines()) {
            if (line.contains(text)) {
                return Instant.parse(line.substring(0, line.indexOf(' '))).toEpochMilli()
                        - runtime.startedAt().toEpochMilli();
            }
        }
        return -1;
    }

    /** The median of each phase over several runs. */
    static final class Medians {
        private final Latencies firstLog = new Latencies();
        private final Latencies serving = new Latencies();
        private final Latencies loaded = new Latencies();
        private final Latencies output = new Latencies();

        void add(StartupPhases phases) {
            firstLog.add(phases.toFirstLog());
            serving.add(phases.toServing());
            loaded.add(phases.toLoaded());
            output.add(phases.toOutput());
        }

        String describe() {
            return "phases (medians, ms): JVM start to first log line " + firstLog.median() + ", then HTTP serving +"
                    + serving.median() + ", function loaded +" + loaded.median() + ", first output +" + output.median();
        }
    }
}
