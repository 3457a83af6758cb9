package io.fnpulse.bench.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a harness prints about the machine before its figures: numbers taken under load are noise. */
public final class Machine {

    private Machine() {}

    public static String describe() {
        return Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version() + ", load average "
                + loadAverage();
    }

    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
