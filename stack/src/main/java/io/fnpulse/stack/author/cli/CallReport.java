package io.fnpulse.stack.author.cli;

import io.fnpulse.testkit.Call;
import io.fnpulse.testkit.Failure;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * How the author's commands show calls: standard output holds one line per input and nothing else — the JSON
 * object the runtime would write, or {@code null} where it would write nothing — so it can be piped and compared;
 * what the function printed, failures and timings go to standard error, each line tagged with the input it belongs
 * to ({@code line 12}, {@code entry 1700000000000-0}).
 */
public final class CallReport {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean flushEachLine;
    private int calls;
    private int failed;
    private int withOutput;
    private Duration slowest = Duration.ZERO;
    private String slowestTag = "";
    private Duration total = Duration.ZERO;

    /** @param flushEachLine for inputs typed or piped in one by one: each output appears as soon as it is known */
    public CallReport(PrintStream out, PrintStream err, boolean flushEachLine) {
        this.out = out;
        this.err = err;
        this.flushEachLine = flushEachLine;
    }

    public void print(String tag, Call call) {
        calls++;
        total = total.plus(call.took());
        if (call.took().compareTo(slowest) > 0) {
            slowest = call.took();
            slowestTag = tag;
        }
        printed(tag, "stdout", call.stdout());
        printed(tag, "stderr", call.stderr());
        if (call.failure().isPresent()) {
            failed++;
            Failure failure = call.failure().get();
            err.println(tag + ": failed after " + millis(call.took()) + ": " + failure.describe());
            failure.stackTrace()
                    .lines()
                    .skip(1) // the first line is the exception again
                    .forEach(line -> err.println(tag + ":   " + line.strip()));
        } else if (call.outputJson().isPresent()) {
            withOutput++;
        }
        out.println(call.outputJson().orElse("null"));
        if (flushEachLine) {
            out.flush();
        }
    }

    public boolean anyFailed() {
        return failed > 0;
    }

    public int calls() {
        return calls;
    }

    /** One line: how many calls, how they ended, how long they took. */
    public String summary() {
        int succeeded = calls - failed;
        return calls + (calls == 1 ? " call" : " calls") + ": " + succeeded + " succeeded (" + withOutput
                + " with output, " + (succeeded - withOutput) + " returned nothing), " + failed + " failed"
                + (calls == 0
                        ? ""
                        : "; calls took " + millis(total) + " in all, the slowest " + millis(slowest) + " ("
                                + slowestTag + ")");
    }

    public void flush() {
        out.flush();
        err.flush();
    }

    private void printed(String tag, String stream, String text) {
        if (!text.isEmpty()) {
            text.lines().forEach(line -> err.println(tag + ": " + stream + ": " + line));
        }
    }

    static String millis(Duration took) {
        return String.format(Locale.ROOT, "%.2f ms", took.toNanos() / 1e6);
    }

    /** Seconds for the summary lines, as the services print them. */
    public static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.2f s", took.toNanos() / 1e9);
    }
}
