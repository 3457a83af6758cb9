package io.fnpulse.monitor.host;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One network interface's counters since boot, as psutil's {@code net_io_counters(pernic=True)} reports them:
 * errin/dropin and errout/dropout are the errs and drop columns of /proc/net/dev's receive and transmit halves.
 */
public record InterfaceCounters(
        String name,
        long bytesSent,
        long bytesRecv,
        long packetsSent,
        long packetsRecv,
        long errin,
        long errout,
        long dropin,
        long dropout) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Every interface of /proc/net/dev, in its order; the first two lines are headers. */
    public static List<InterfaceCounters> fromProcNetDev(List<String> lines) {
        List<InterfaceCounters> interfaces = new ArrayList<>();
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            int colon = line.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = WHITESPACE.split(line.substring(colon + 1).trim());
            if (f.length < 16) {
                throw new IllegalStateException(
                        "/proc/net/dev line for " + name + " has " + f.length + " fields, expected 16: " + line);
            }
            interfaces.add(new InterfaceCounters(
                    name,
                    Long.parseLong(f[8]),
                    Long.parseLong(f[0]),
                    Long.parseLong(f[9]),
                    Long.parseLong(f[1]),
                    Long.parseLong(f[2]),
                    Long.parseLong(f[10]),
                    Long.parseLong(f[3]),
                    Long.parseLong(f[11])));
        }
        return interfaces;
    }
}
