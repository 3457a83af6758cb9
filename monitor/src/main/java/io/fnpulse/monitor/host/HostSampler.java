package io.fnpulse.monitor.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OperatingSystem;

/**
 * Takes snapshots of this host. OSHI gives the per-CPU tick counters, the clock frequency and the process count;
 * where OSHI has no figure with psutil's meaning (soft interrupts, buffers, cached, slab, ..., transmit drops, the full
 * interface list) Linux's /proc files are read, all figures of one kind from one read so they agree with each other.
 * On other systems the figures come from OSHI alone, and those it lacks are 0.
 */
public final class HostSampler {

    private final CentralProcessor processor;
    private final OperatingSystem os;
    private final HardwareAbstractionLayer hardware;
    private final Path proc;
    private final CpuUsage cpuUsage;
    private final Clock clock;

    HostSampler(SystemInfo system, Path proc, Clock clock) {
        this.hardware = system.getHardware();
        this.processor = hardware.getProcessor();
        this.os = system.getOperatingSystem();
        this.proc = proc;
        this.clock = clock;
        this.cpuUsage = new CpuUsage(processor::getProcessorCpuLoadTicks);
    }

    /** A sampler of this host, with local time for timestamps as the seed's agent wrote them. */
    public static HostSampler forThisHost() {
        Path proc = Path.of("/proc");
        boolean linux = System.getProperty("os.name", "").startsWith("Linux") && Files.isReadable(proc.resolve("stat"));
        return new HostSampler(new SystemInfo(), linux ? proc : null, Clock.systemDefaultZone());
    }

    /** The CPUs' utilisation is measured since the previous snapshot, the first time since this sampler was made. */
    public HostSnapshot sample() {
        LocalDateTime time = LocalDateTime.now(clock);
        List<Double> cpuPercents = cpuUsage.sinceLastCall();
        return new HostSnapshot(
                time, currentFrequencyMhz(), cpuPercents, cpuStats(), os.getProcessCount(), memory(), interfaces());
    }

    /** The mean of the CPUs' current frequencies, in MHz, over those that report one; 0 when none does. */
    private double currentFrequencyMhz() {
        long sum = 0;
        int known = 0;
        for (long hz : processor.getCurrentFreq()) {
            if (hz > 0) {
                sum += hz;
                known++;
            }
        }
        return known == 0 ? 0.0 : sum / 1e6 / known;
    }

    private CpuStats cpuStats() {
        if (proc != null) {
            return CpuStats.fromProcStat(read("stat"));
        }
        return new CpuStats(processor.getContextSwitches(), processor.getInterrupts(), 0, 0);
    }

    private VirtualMemory memory() {
        if (proc != null) {
            return VirtualMemory.fromMeminfo(read("meminfo"));
        }
        return VirtualMemory.fromTotalAndAvailable(
                hardware.getMemory().getTotal(), hardware.getMemory().getAvailable());
    }

    private List<InterfaceCounters> interfaces() {
        if (proc != null) {
            return InterfaceCounters.fromProcNetDev(read("net/dev"));
        }
        List<InterfaceCounters> interfaces = new ArrayList<>();
        for (NetworkIF nic : hardware.getNetworkIFs(true)) {
            interfaces.add(new InterfaceCounters(
                    nic.getName(),
                    nic.getBytesSent(),
                    nic.getBytesRecv(),
                    nic.getPacketsSent(),
                    nic.getPacketsRecv(),
                    nic.getInErrors(),
                    nic.getOutErrors(),
                    nic.getInDrops(),
                    0));
        }
        return interfaces;
    }

    private List<String> read(String file) {
        try {
            return Files.readAllLines(proc.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + proc.resolve(file), e);
        }
    }
}
