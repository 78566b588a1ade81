package org.taplease.debug.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;
import org.taplease.debug.core.LaunchAttributes;

/**
 * The QEMU launch type on a routed pool, with a real guest: the launch adds the Linux kernel's {@code ip=} argument
 * from the lease (the Network tab's check box), the guest configures itself from it alone (its init reads
 * {@code ip=} as Debian's initramfs does) and sends a token over TCP to the host end of its tap. The test runs no
 * {@code ip} command: the pool's member blocks come from {@code provisionPool}, the listener binds to the address the
 * tap already has.
 */
@ExtendWith(NoLeaks.class)
class RoutedLaunchTest {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final int PORT = 7777;

    private final TapService taps = TapServices.forPlatform();
    private ILaunchConfiguration config;

    /** The JDK's once-per-JVM "pre-close" socket pair, kept out of the leak check (see LaunchTest). */
    @BeforeAll
    static void initializeTheJdksPreCloseSocket() throws Exception {
        Guest.closeWhileBlocked();
    }

    @AfterEach
    void cleanUp() throws Exception {
        Guest.endAllLaunches();
        if (config != null) {
            config.delete();
        }
        Waits.until(Duration.ofSeconds(10), "pool rq to be free",
                () -> taps.pools().stream().allMatch(p -> p.held() == 0));
        Kernel.removeAllPools(taps);
    }

    @Test
    void aGuestConfiguredOnlyFromTheLeaseReachesTheHostEndOfItsTap() throws Exception {
        Guest.dir(); // fails in CI, skips elsewhere, before anything is provisioned
        taps.provisionPool(new PoolSpec("rq", 2, 0, null).withNetwork(PoolNetwork.routed("10.79.0.0/29")));
        List<TapInfo> members = taps.inventory(false).stream().filter(t -> "rq".equals(t.pool())).toList();
        assertThat(members).extracting(t -> t.network().hostAddress()).containsExactly("10.79.0.1", "10.79.0.5");

        String token = UUID.randomUUID().toString().substring(0, 8);
        // no address for the guest here: the launch adds ip= from the lease
        ILaunchConfigurationWorkingCopy wc = Guest.qemu("routed",
                "console=ttyS0 quiet panic=-1 reboot=t taplease.token=" + token, "rq");
        wc.setAttribute(LaunchAttributes.KERNEL_IP_CONFIG, true);
        config = wc.doSave();

        // listen on both members' host ends (whichever the launch leases), bound to the addresses the pool gave them
        try (ServerSocket a = listen("10.79.0.1"); ServerSocket b = listen("10.79.0.5")) {
            ILaunch launch = config.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
            String tap = launch.getAttribute(LaunchAttributes.LAUNCH_TAPS);
            TapInfo leased = members.stream().filter(t -> t.name().equals(tap)).findFirst().orElseThrow();
            String host = leased.network().hostAddress();
            String guestIp = leased.network().guestAddress();
            ServerSocket mine = host.equals("10.79.0.1") ? a : b;

            String line = accept(mine, launch);
            assertThat(line).startsWith("TAPLEASE-TOKEN " + token + " ");
            awaitEnd(launch);
            assertThat(console(launch)).contains("TAPLEASE-NET dev=eth0 ip=" + guestIp + "/30 gw=" + host)
                    .contains("TAPLEASE-GUEST-DONE token=" + token + " sent=yes");
            // the launch published the network it handed over
            assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_HOST_IP)).isEqualTo(host);
            assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_GUEST_IP)).isEqualTo(guestIp);
        }
    }

    private static ServerSocket listen(String address) throws Exception {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getByName(address), PORT));
        s.setSoTimeout((int) BOOT.toMillis());
        return s;
    }

    /** The line the guest sends; fails with the console if none comes within the boot time. */
    private static String accept(ServerSocket server, ILaunch launch) throws Exception {
        try (Socket s = server.accept();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII))) {
            s.setSoTimeout(5000);
            String line = in.readLine();
            return line == null ? "" : line.trim();
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no token within " + BOOT.toSeconds() + " s; console: " + console(launch), e);
        }
    }

    private static void awaitEnd(ILaunch launch) throws Exception {
        Waits.until(BOOT, "the guest to power off", launch::isTerminated);
    }

    private static String console(ILaunch launch) {
        return Guest.console(launch);
    }
}
