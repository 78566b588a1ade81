package org.taplease.ui.tests;

import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;

import com.sun.jna.Library;
import com.sun.jna.Native;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.internal.jna.Unistd;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.views.TapDevicesView;
import org.taplease.ui.internal.views.TapStatusView;
import org.taplease.ui.internal.views.ThroughputChart;

/**
 * The device-status view follows the selected tap: live counters, a throughput chart, carrier and holder history.
 * Traffic is real: the test holds the tap like a guest would and writes Ethernet frames into it (the host counts them
 * as RX); nothing leaves the test namespace.
 */
class TapStatusViewTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private Taps taps;

    @BeforeEach
    void setUp() {
        taps = new Taps();
    }

    @AfterEach
    void tearDown() {
        Ui.closeView(TapStatusView.ID);
        Ui.closeView(TapDevicesView.ID);
        taps.close();
    }

    /** A broadcast frame with a local experimental EtherType (0x88B5), padded to the 60-byte minimum. */
    private static byte[] frame(int n) {
        byte[] f = new byte[60];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
        }
        f[6] = 0x02; // locally administered source
        f[11] = (byte) n;
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xb5;
        f[14] = (byte) n;
        return f;
    }

    /** What the test needs of libc beyond the core's bindings: non-blocking mode for the guest side's reads. */
    interface CLib extends Library {
        CLib C = Native.load("c", CLib.class);
        int F_GETFL = 3;
        int F_SETFL = 4;
        int O_NONBLOCK = 04000;

        int fcntl(int fd, int cmd, int arg);

        int read(int fd, byte[] buf, long count);
    }

    /** Reads every frame queued on the guest side of the tap, without blocking. */
    private static void drain(int fd) {
        CLib.C.fcntl(fd, CLib.F_SETFL, CLib.C.fcntl(fd, CLib.F_GETFL, 0) | CLib.O_NONBLOCK);
        byte[] buf = new byte[2048];
        while (CLib.C.read(fd, buf, buf.length) > 0) {
            // discard
        }
    }

    @Test
    void followsTheSelectedTapWithCountersChartCarrierAndHolders() throws IOException {
        String tap = taps.pool("uistat", 1).get(0);
        TapDevicesView devices = Ui.showView(TapDevicesView.ID);
        Ui.waitFor(Duration.ofSeconds(20), tap + " in Tap Devices", () -> devices.select(tap));
        TapStatusView status = Ui.showView(TapStatusView.ID);
        Ui.run(() -> devices.select(tap));
        Ui.waitFor(Duration.ofSeconds(20), "the status view to show " + tap, () -> tap.equals(status.tapName())
                && status.historyLines().stream().anyMatch(l -> l.endsWith(" free")));

        int sent = 0;
        try (TapLease lease = Taps.service().lease(LeaseRequest.named(tap));
                DatagramSocket udp = new DatagramSocket()) {
            Kernel.run("ip", "link", "set", tap, "up"); // attached + up: carrier comes up
            // the host side: an address on the tap, so that datagrams to its subnet make ARP requests go out of the
            // tap (TX); the subnet exists only in this test's namespace
            Kernel.run("ip", "addr", "add", "10.99.0.1/24", "dev", tap);
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(8).toNanos();
            int tick = 0;
            while (System.nanoTime() < end) {
                int burst = 10 + 10 * (tick % 8); // a changing rate makes a visible curve
                for (int i = 0; i < burst; i++) {
                    byte[] f = frame(sent++);
                    Unistd.write(lease.fd(), f, f.length);
                }
                byte[] payload = new byte[32];
                udp.send(new DatagramPacket(payload, payload.length,
                        InetAddress.getByName("10.99.0." + (2 + tick % 250)), 9));
                drain(lease.fd()); // the guest reads what the host sent: the kernel counts TX on read
                tick++;
                if (tick == 70) {
                    Ui.screenshot("tap-status"); // while traffic flows
                }
                Ui.sleep(100); // pacing the generated traffic (10 ticks a second), not waiting for the view
            }
            int total = sent;
            Ui.waitFor(Duration.ofSeconds(10), "RX packets to reach " + total,
                    () -> status.counter(0).replace(",", "").equals(Long.toString(total)));
            Ui.waitFor(Duration.ofSeconds(10), "chart points with RX traffic",
                    () -> status.chart().points().stream().filter(p -> p.rates().rxPackets() > 50).count() >= 2);
            assertThat(Ui.sync(() -> status.historyLines())).anySatisfy(l -> assertThat(l).endsWith("carrier up"))
                    .anySatisfy(l -> assertThat(l).contains("held by java (pid " + ProcessHandle.current().pid()));
            assertThat(Ui.sync(() -> status.counter(6))).isEqualTo("up");
            Ui.waitFor(Duration.ofSeconds(10), "TX packets (ARP requests) to be counted",
                    () -> !status.counter(2).equals("0"));
        }
        Ui.waitFor(Duration.ofSeconds(10), "free again in the history",
                () -> status.historyLines().get(0).endsWith(" free"));
        Ui.waitFor(Duration.ofSeconds(10), "carrier down in the history",
                () -> status.historyLines().stream().anyMatch(l -> l.endsWith("carrier down")));
        assertThat(Ui.sync(() -> status.chart().points())).extracting(ThroughputChart.Point2::carrierChanged)
                .contains(true);
        Kernel.run("ip", "link", "set", tap, "down");
    }
}
