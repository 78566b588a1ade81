package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.Checkup;
import org.taplease.core.Checkup.Check;
import org.taplease.core.Checkup.Status;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.internal.engine.LeaseEngine;

/**
 * The doctor on the FreeBSD model ({@link FakeFreeBsdKernel}): its facts are {@code /dev/tap} by stat only (opening it
 * would clone a tap), if_tuntap by its sysctls, no pools unit; the same engine judges them. Model only: not run on a
 * FreeBSD kernel.
 */
class FreeBsdDoctorModelTest {

    @RegisterExtension
    final FreeBsdModel model = new FreeBsdModel();
    private final FakeFreeBsdKernel kernel = model.kernel();
    private final LeaseEngine taps = model.engine();

    private static Map<String, Check> byId(Checkup c) {
        return c.checks().stream().collect(Collectors.toMap(Check::id, Function.identity()));
    }

    @Test
    void modelOnly_theDoctorReadsDevTapWithoutOpeningItAndJudgesIfTuntap() {
        taps.provisionPool(new PoolSpec("vms", 2, null, null));
        kernel.addTap("tap9"); // 'ifconfig tap9 create' by somebody else: no label, nobody has it open
        int opensBefore = (int) kernel.calls.stream().filter("open /dev/tap"::equals).count();
        Checkup c = taps.checkup();
        assertThat(kernel.calls.stream().filter("open /dev/tap"::equals).count()).as("never clones")
                .isEqualTo(opensBefore);
        Map<String, Check> k = byId(c);
        assertThat(k.get("tun-device")).isEqualTo(new Check("tun-device", Status.OK,
                "/dev/tap: mode 0600 root:root, a character device; you (root) can open it", null));
        assertThat(k.get("tun-driver")).isEqualTo(new Check("tun-driver", Status.OK,
                "if_tuntap driver: in the kernel (sysctl net.link.tap)", null));
        assertThat(k.get("pool:vms").status()).isEqualTo(Status.OK);
        assertThat(k.get("leaked:tap9")).isEqualTo(new Check("leaked:tap9", Status.WARN,
                "tap9 looks leaked: persistent, not taplease's, nobody holds it",
                "if nobody needs it, delete it: sudo ifconfig tap9 destroy (taplease never deletes a tap that is not"
                        + " its own)"));
        assertThat(k).doesNotContainKey("pools-unit");
        assertThat(c.healthy()).isTrue();

        kernel.tuntapLoaded = false;
        Map<String, Check> gone = byId(taps.checkup());
        assertThat(gone.get("tun-device")).isEqualTo(new Check("tun-device", Status.FAIL, "/dev/tap is missing",
                "sudo kldload if_tuntap (it makes /dev/tap; keep it: sudo sysrc -f /boot/loader.conf"
                        + " if_tuntap_load=YES)"));
        assertThat(gone.get("tun-driver").status()).isEqualTo(Status.FAIL);
        assertThat(gone.get("tun-driver").fix()).startsWith("sudo kldload if_tuntap");
    }

    @Test
    void modelOnly_aBridgedTapCarriesItsBridgesPortCount() {
        kernel.addBridge("bridge0");
        taps.provisionPool(new PoolSpec("br", 2, null, null).withNetwork(PoolNetwork.bridged("bridge0")));
        assertThat(taps.inventory(false)).allSatisfy(t -> {
            assertThat(t.network().bridge()).isEqualTo("bridge0");
            assertThat(t.network().bridgePorts()).isEqualTo(2);
        });
        assertThat(taps.tap("tap1", false).orElseThrow().network().bridgePorts()).isEqualTo(2);
    }
}
