package io.fnpulse.function;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded stream of snapshots with everything that makes the moving average hard: irregular gaps, repeated
 * snapshots, clocks going backwards, gaps of exactly and more than a minute, CPUs coming and going, and every
 * timestamp form the function reads.
 */
final class RandomStream {

    /** One snapshot: its time in microseconds, how it is spelled, and each CPU's value. */
    record Step(long micros, Object timestamp, double[] cpus) {

        Map<String, Object> snapshot() {
            return Snapshot.at(timestamp, cpus);
        }
    }

    private static final DateTimeFormatter PYTHON_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter PYTHON_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final long SECOND = 1_000_000L;

    private RandomStream() {}

    static List<Step> generate(long seed, int length, int maxCpus) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        long micros = 1_795_788_005_123_456L;
        int cpuCount = 1 + random.nextInt(maxCpus);
        double[] previous = null;
        for (int i = 0; i < length; i++) {
            double dice = random.nextDouble();
            if (previous != null && dice < 0.06) {
                steps.add(new Step(micros, spell(micros, random), previous));
                continue;
            }
            if (i > 0) {
                micros += gap(dice, random);
            }
            if (random.nextDouble() < 0.03) {
                cpuCount = 1 + random.nextInt(maxCpus);
            }
            double[] cpus = new double[cpuCount];
            for (int cpu = 0; cpu < cpuCount; cpu++) {
                cpus[cpu] = Math.round(random.nextDouble() * 1000) / 10.0;
            }
            steps.add(new Step(micros, spell(micros, random), cpus));
            previous = cpus;
        }
        return steps;
    }

    private static long gap(double dice, Random random) {
        if (dice < 0.11) {
            return -(1 + (long) (random.nextDouble() * 120 * SECOND));
        }
        if (dice < 0.16) {
            return 60 * SECOND;
        }
        if (dice < 0.19) {
            return 60 * SECOND + (long) (random.nextDouble() * 200 * SECOND);
        }
        if (dice < 0.24) {
            return 1 + random.nextInt(1000);
        }
        if (dice < 0.40) {
            return 5 * SECOND;
        }
        return 1 + (long) (random.nextDouble() * 15 * SECOND);
    }

    /** The same instant in one of the forms the function reads; times without an offset are UTC. */
    static Object spell(long micros, Random random) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, SECOND), Math.floorMod(micros, SECOND) * 1000);
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        boolean wholeSecond = micros % SECOND == 0;
        return switch (random.nextInt(6)) {
            case 0 -> (wholeSecond ? PYTHON_SECONDS : PYTHON_MICROS).format(utc);
            case 1 -> instant.toString();
            case 2 -> instant.atOffset(ZoneOffset.ofHours(-5)).toString();
            case 3 -> micros / 1e6;
            case 4 -> wholeSecond ? (Object) (micros / SECOND) : (Object) (micros / 1e6);
            default -> PYTHON_MICROS.format(utc);
        };
    }
}
