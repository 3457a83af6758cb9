package io.fnpulse.monitor.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** This machine's real figures, sampled twice, held against the recorded stream and psutil's guarantees. */
class HostSamplerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS]");

    private static LocalDateTime before;
    private static JsonNode first;
    private static JsonNode second;
    private static LocalDateTime after;

    @BeforeAll
    static void sampleThisHostTwice() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "the monitor's figures are checked on Linux");
        HostSampler sampler = HostSampler.forThisHost();
        before = LocalDateTime.now();
        first = JSON.readTree(JSON.writeValueAsString(sampler.sample().toJsonObject()));
        // some work between the samples, so that counters have a reason to move
        for (int i = 0; i < 50; i++) {
            Files.readAllLines(Path.of("/proc/meminfo"));
        }
        second = JSON.readTree(JSON.writeValueAsString(sampler.sample().toJsonObject()));
        after = LocalDateTime.now();
    }

    /** Key name with CPU indexes and interface names replaced, mapped to the JSON number kind of its value. */
    private static Map<String, String> shape(JsonNode snapshot) {
        Map<String, String> shape = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : snapshot.properties()) {
            String key = field.getKey()
                    .replaceFirst("^cpu_percent-\\d+$", "cpu_percent-X")
                    .replaceFirst("^net_io_counters_.+-([a-z_]+)$", "net_io_counters_IF-$1");
            JsonNode value = field.getValue();
            shape.put(key, value.isTextual() ? "string" : value.isIntegralNumber() ? "integer" : "float");
        }
        return shape;
    }

    private static Set<String> interfaces(JsonNode snapshot) {
        Set<String> names = new TreeSet<>();
        snapshot.fieldNames().forEachRemaining(key -> {
            if (key.startsWith("net_io_counters_") && key.endsWith("-bytes_sent")) {
                names.add(key.substring("net_io_counters_".length(), key.length() - "-bytes_sent".length()));
            }
        });
        return names;
    }

    private static long cpuCount(JsonNode snapshot) {
        return Stream.iterate(0, i -> i + 1)
                .takeWhile(i -> snapshot.has("cpu_percent-" + i))
                .count();
    }

    @Test
    void hasTheRecordedStreamsKeysAndNumberKindsModuloCpusAndInterfaces() throws Exception {
        JsonNode recorded = JSON.readTree(ProjectFiles.metricsStream().get(0));

        assertThat(shape(first)).isEqualTo(shape(recorded));
        assertThat(shape(second)).isEqualTo(shape(recorded));
    }

    @Test
    void hasOneCpuPercentPerCpuOfProcStatEachWithinZeroToHundred() throws IOException {
        long cpusInProcStat = Files.readAllLines(Path.of("/proc/stat")).stream()
                .filter(line -> line.matches("^cpu\\d+ .*"))
                .count();

        for (JsonNode snapshot : new JsonNode[] {first, second}) {
            assertThat(cpuCount(snapshot)).isEqualTo(cpusInProcStat);
            snapshot.fieldNames().forEachRemaining(key -> {
                if (key.startsWith("cpu_percent-")) {
                    assertThat(snapshot.get(key).asDouble()).as(key).isBetween(0.0, 100.0);
                }
            });
            assertThat(snapshot.get("virtual_memory-percent").asDouble()).isBetween(0.0, 100.0);
            assertThat(snapshot.get("cpu_freq_current").asDouble()).isGreaterThanOrEqualTo(0.0);
            assertThat(snapshot.get("n_pids").asLong()).isPositive();
        }
    }

    @Test
    void countersAreNonNegativeAndNeverGoDown() {
        for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.startsWith("cpu_stats-") || key.startsWith("net_io_counters_")) {
                assertThat(first.get(key).asLong()).as(key).isNotNegative();
                assertThat(second.get(key).asLong())
                        .as(key)
                        .isGreaterThanOrEqualTo(first.get(key).asLong());
            }
        }
        assertThat(second.get("cpu_stats-ctx_switches").asLong())
                .isGreaterThan(first.get("cpu_stats-ctx_switches").asLong());
        assertThat(first.get("cpu_stats-syscalls").asLong()).isZero();
    }

    @Test
    void memoryFiguresKeepPsutilsRelations() {
        for (JsonNode snapshot : new JsonNode[] {first, second}) {
            long total = snapshot.get("virtual_memory-total").asLong();
            long available = snapshot.get("virtual_memory-available").asLong();
            long used = snapshot.get("virtual_memory-used").asLong();
            long free = snapshot.get("virtual_memory-free").asLong();
            long buffers = snapshot.get("virtual_memory-buffers").asLong();
            long cached = snapshot.get("virtual_memory-cached").asLong();

            assertThat(total).isPositive();
            long rest = total - free - buffers - cached;
            assertThat(used).isEqualTo(rest >= 0 ? rest : total - free);
            assertThat(available).isBetween(0L, total);
            assertThat(free).isBetween(0L, total);
            for (String figure : new String[] {"active", "inactive", "buffers", "cached", "shared", "slab"}) {
                assertThat(snapshot.get("virtual_memory-" + figure).asLong())
                        .as(figure)
                        .isBetween(0L, total);
            }
            assertThat(snapshot.get("virtual_memory-percent").asDouble())
                    .isEqualTo(VirtualMemory.usagePercent(total - available, total));
        }
    }

    @Test
    void hasOneSetOfCountersPerInterfaceInSysClassNet() throws IOException {
        Path sysClassNet = Path.of("/sys/class/net");
        assumeTrue(Files.isDirectory(sysClassNet), "no /sys/class/net here");
        Set<String> expected;
        try (Stream<Path> entries = Files.list(sysClassNet)) {
            expected =
                    entries.map(path -> path.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }

        assertThat(interfaces(first)).isEqualTo(expected).contains("lo");
        assertThat(interfaces(second)).isEqualTo(expected);
    }

    @Test
    void timestampIsThisMachinesLocalTimeInPythonsForm() {
        String text = first.get("timestamp").asText();
        assertThat(text).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?");

        LocalDateTime firstTime = LocalDateTime.parse(text, PYTHON);
        LocalDateTime secondTime = LocalDateTime.parse(second.get("timestamp").asText(), PYTHON);
        assertThat(firstTime).isBetween(before.withNano(before.getNano() / 1000 * 1000), after);
        assertThat(secondTime).isAfterOrEqualTo(firstTime).isBeforeOrEqualTo(after);
    }
}
