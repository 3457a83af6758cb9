package io.fnpulse.monitor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterfaceCountersTest {

    private static final List<String> PROC_NET_DEV = List.of(
            "Inter-|   Receive                                                |  Transmit",
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls"
                    + " carrier compressed",
            "    lo: 1640164    6143    0    0    0     0          0         0  1640164    6143    0    0    0     0"
                    + "       0          0",
            "  eth0: 101 102 103 104 105 106 107 108 201 202 203 204 205 206 207 208",
            "br-1a2b:0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15");

    @Test
    void mapsTheReceiveAndTransmitColumnsAsPsutilDoes() {
        List<InterfaceCounters> interfaces = InterfaceCounters.fromProcNetDev(PROC_NET_DEV);

        assertThat(interfaces).extracting(InterfaceCounters::name).containsExactly("lo", "eth0", "br-1a2b");
        // bytes_sent, bytes_recv, packets_sent, packets_recv, errin, errout, dropin, dropout
        assertThat(interfaces.get(1)).isEqualTo(new InterfaceCounters("eth0", 201, 101, 202, 102, 103, 203, 104, 204));
        assertThat(interfaces.get(2)).isEqualTo(new InterfaceCounters("br-1a2b", 8, 0, 9, 1, 2, 10, 3, 11));
        assertThat(interfaces.get(0).bytesSent()).isEqualTo(1_640_164);
    }
}
