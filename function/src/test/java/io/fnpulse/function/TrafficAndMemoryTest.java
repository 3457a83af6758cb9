package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fnpulse.testsupport.api.TestContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficAndMemoryTest {

    private final MetricsFunction function = new MetricsFunction();
    private final TestContext context = new TestContext();

    @Test
    void outgoingBytesAreEth0sSentShareOfItsTraffic() {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10);
        Snapshot.putInterface(snapshot, "wlan0", 9_000, 1_000);

        assertThat((Double) function.handle(snapshot, context).get("percentage_outgoing_bytes"))
                .isCloseTo(25, within(1e-12));
    }

    @Test
    void withoutEth0OutgoingBytesAreSummedOverEveryInterfaceButLoopback() {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10);
        Snapshot.removeInterface(snapshot, "eth0");
        Snapshot.putInterface(snapshot, "lo", 1_000_000, 1_000_000);
        Snapshot.putInterface(snapshot, "wlan0", 100, 300);
        Snapshot.putInterface(snapshot, "br-1a2b3c", 100, 500);

        assertThat((Double) function.handle(snapshot, context).get("percentage_outgoing_bytes"))
                .isCloseTo(20, within(1e-12));
    }

    @Test
    void withoutEth0AnInterfaceMissingACounterIsNamed() {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10);
        Snapshot.removeInterface(snapshot, "eth0");
        Snapshot.putInterface(snapshot, "wlan0", 100, 300);
        snapshot.remove("net_io_counters_wlan0-bytes_sent");

        assertThatThrownBy(() -> function.handle(snapshot, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing key 'net_io_counters_wlan0-bytes_sent'");
    }

    @Test
    void memoryCachingIsBuffersPlusCachedShareOfTotal() {
        Map<String, Object> output = function.handle(Snapshot.at("2026-11-27 14:00:00", 10), context);

        assertThat((Double) output.get("percentage_memory_caching")).isCloseTo(25, within(1e-12));
    }

    @Test
    void noTrafficGivesNullNotAnError() {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10);
        Snapshot.putInterface(snapshot, "eth0", 0, 0);

        Map<String, Object> output = function.handle(snapshot, context);
        assertThat(output).containsEntry("percentage_outgoing_bytes", null).hasSize(3);
        assertThat(output.get("percentage_memory_caching")).isNotNull();
    }

    @Test
    void noInterfaceButLoopbackGivesNull() {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10);
        Snapshot.removeInterface(snapshot, "eth0");
        Snapshot.putInterface(snapshot, "lo", 500, 500);

        assertThat(function.handle(snapshot, context)).containsEntry("percentage_outgoing_bytes", null);
    }

    @Test
    void zeroTotalMemoryGivesNull() {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10);
        snapshot.put("virtual_memory-total", 0);
        snapshot.put("virtual_memory-buffers", 0);
        snapshot.put("virtual_memory-cached", 0);

        Map<String, Object> output = function.handle(snapshot, context);
        assertThat(output).containsEntry("percentage_memory_caching", null);
        assertThat(output.get("percentage_outgoing_bytes")).isNotNull();
    }
}
