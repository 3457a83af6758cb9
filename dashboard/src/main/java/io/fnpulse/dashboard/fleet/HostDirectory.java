package io.fnpulse.dashboard.fleet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosts the dashboard knows, as of the last scan: a host that appears is listed from the next scan on, one whose
 * output is gone is dropped at the next scan. Refreshed by the fleet loop only; read by anyone.
 */
public final class HostDirectory {

    /** What one refresh changed. */
    public record Change(List<String> appeared, List<String> gone) {}

    private static final Logger log = LoggerFactory.getLogger(HostDirectory.class);
    private static final int NAMES_IN_A_LOG_LINE = 5;

    private final HostScan scan;
    private final int maxHosts;
    private volatile SortedMap<String, String> hosts = Collections.emptySortedMap();
    private volatile boolean capped;

    public HostDirectory(HostScan scan, int maxHosts) {
        this.scan = scan;
        this.maxHosts = maxHosts;
    }

    /** Scans Redis and takes what it found as the hosts; throws a JedisException when Redis cannot be scanned. */
    public Change refresh() {
        HostScan.Found found = scan.scan();
        SortedMap<String, String> before = hosts;
        List<String> appeared = new ArrayList<>();
        for (String host : found.hosts().keySet()) {
            if (!before.containsKey(host)) {
                appeared.add(host);
            }
        }
        List<String> gone = new ArrayList<>();
        for (String host : before.keySet()) {
            if (!found.hosts().containsKey(host)) {
                gone.add(host);
            }
        }
        hosts = Collections.unmodifiableSortedMap(new TreeMap<>(found.hosts()));
        if (found.capped() != capped) {
            if (found.capped()) {
                log.warn(
                        "{} hosts match, more than MAX_HOSTS={}; watching the first {} by name",
                        found.matched(),
                        maxHosts,
                        maxHosts);
            } else {
                log.info("{} hosts match, within MAX_HOSTS={} again", found.matched(), maxHosts);
            }
            capped = found.capped();
        }
        if (!appeared.isEmpty()) {
            log.info("{} host(s) appeared: {}", appeared.size(), names(appeared));
        }
        if (!gone.isEmpty()) {
            log.info("{} host(s) gone: {}", gone.size(), names(gone));
        }
        return new Change(List.copyOf(appeared), List.copyOf(gone));
    }

    /** Host name to output key, by name. */
    public SortedMap<String, String> hosts() {
        return hosts;
    }

    /** Whether more hosts matched than are watched. */
    public boolean capped() {
        return capped;
    }

    private static String names(List<String> hosts) {
        String shown = String.join(", ", hosts.subList(0, Math.min(NAMES_IN_A_LOG_LINE, hosts.size())));
        return hosts.size() > NAMES_IN_A_LOG_LINE ? shown + ", …" : shown;
    }
}
