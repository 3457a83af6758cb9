package io.fnpulse.runtime.invoke;

/**
 * What a call printed to {@code System.out} and {@code System.err}, each cut at CAPTURE_BYTES: the text kept and how
 * many bytes more there were.
 */
public record Captured(String stdout, long stdoutMore, String stderr, long stderrMore) {

    public static final Captured NOTHING = new Captured("", 0, "", 0);

    public boolean isEmpty() {
        return stdout.isEmpty() && stderr.isEmpty() && stdoutMore == 0 && stderrMore == 0;
    }

    /** The kept text with {@code …[N more bytes]} appended where it was cut. */
    public static String shown(String text, long more) {
        return more == 0 ? text : text + "…[" + more + " more bytes]";
    }
}
