package io.fnpulse.service.text;

import java.util.Locale;

/** Byte counts for people: {@code 16 MiB}, {@code 52,428,800 bytes}. */
public final class Bytes {

    public static final long KIB = 1024;
    public static final long MIB = KIB * 1024;

    private Bytes() {}

    /** Whole KiB/MiB/GiB where exact, else the byte count with thousands separators. */
    public static String describe(long bytes) {
        for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
            long size = switch (unit) {
                case "GiB" -> MIB * 1024;
                case "MiB" -> MIB;
                default -> KIB;
            };
            if (bytes >= size && bytes % size == 0) {
                return bytes / size + " " + unit;
            }
        }
        return String.format(Locale.ROOT, "%,d bytes", bytes);
    }
}
