package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.ChildJvm;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.LeaseWorker;
import org.taplease.core.tests.support.NoLeaks;

import com.sun.jna.Native;

/** Every bad input gives its reason and leaves the interfaces exactly as they were. */
@ExtendWith(NoLeaks.class)
class BadInputKernelTest {

    private final TapService taps = TapServices.forPlatform();

    @BeforeAll
    static void devices() {
        Kernel.requireIsolatedRoot();
        Kernel.run("ip", "link", "add", "bi-veth0", "type", "veth", "peer", "name", "bi-veth1");
        Kernel.run("ip", "tuntap", "add", "dev", "bi-tun0", "mode", "tun");
        Kernel.run("ip", "tuntap", "add", "dev", "bi-mq0", "mode", "tap", "multi_queue");
    }

    @AfterAll
    static void removeDevices() {
        Kernel.exec("ip", "link", "del", "bi-veth0");
        Kernel.exec("ip", "tuntap", "del", "dev", "bi-tun0", "mode", "tun");
        Kernel.exec("ip", "tuntap", "del", "dev", "bi-mq0", "mode", "tap", "multi_queue");
    }

    static Stream<Arguments> badNames() {
        return Stream.of(
                Arguments.of("empty", "", Reason.INVALID_NAME, "empty"),
                Arguments.of("overlong", "abcdefghijklmnop", Reason.INVALID_NAME, "at most 15"),
                Arguments.of("slash", "a/b", Reason.INVALID_NAME, "'/'"),
                Arguments.of("space", "a b", Reason.INVALID_NAME, "white space"),
                Arguments.of("colon", "eth0:1", Reason.INVALID_NAME, "':'"),
                Arguments.of("dotdot", "..", Reason.INVALID_NAME, "reserved"),
                Arguments.of("control", "ta\tp", Reason.INVALID_NAME, "control"),
                Arguments.of("loopback", "lo", Reason.NOT_A_TAP, "loopback"),
                Arguments.of("veth", "bi-veth0", Reason.NOT_A_TAP, "veth"),
                Arguments.of("tun (L3)", "bi-tun0", Reason.NOT_A_TAP, "tun (layer 3)"),
                Arguments.of("multi-queue tap", "bi-mq0", Reason.MULTI_QUEUE, "multi-queue"),
                Arguments.of("missing", "nosuch0", Reason.NOT_FOUND, "no such interface"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNames")
    void namedLeaseGivesItsReasonAndChangesNothing(String label, String name, Reason reason, String text) {
        List<String> before = Kernel.linkState();
        assertThatThrownBy(() -> taps.lease(LeaseRequest.named(name))).isInstanceOfSatisfying(TapException.class, e -> {
            assertThat(e.reason()).as(label).isEqualTo(reason);
            assertThat(e.getMessage()).as(label).contains(text).contains("Fix:");
        });
        assertThat(Kernel.linkState()).as(label + ": links unchanged").isEqualTo(before);
    }

    @Test
    void badPoolAndPreferredNames() {
        List<String> before = Kernel.linkState();
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("has space")))
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID_NAME);
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("ok").withPreferred("x/y")))
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID_NAME);
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("ok").withCreate(true).withTemplate("nonum")))
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID_REQUEST);
        assertThatThrownBy(() -> taps.tap("a b", false)).hasFieldOrPropertyWithValue("reason", Reason.INVALID_NAME);
        assertThat(Kernel.linkState()).isEqualTo(before);
    }

    @Test
    void missingDevNetTunIsReportedAsSuch() {
        // a mount namespace that hides /dev/net/tun behind an empty tmpfs: the host's /dev is untouched
        Kernel.run("ip", "tuntap", "add", "dev", "bi-tap0", "mode", "tap");
        try {
            List<String> before = Kernel.linkState();
            List<String> cmd = new java.util.ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--",
                    "sh", "-c", "mount -t tmpfs none /dev/net && exec \"$@\"", "sh"));
            cmd.addAll(ChildJvm.command(ChildJvm.classPath(LeaseWorker.class, TapService.class, Native.class),
                    LeaseWorker.class.getName(), "once", "tap", "bi-tap0"));
            Kernel.Result r = Kernel.exec(cmd.toArray(String[]::new));
            assertThat(r.out()).as("stderr: %s", r.err()).startsWith("ERR NO_TUN_DEVICE")
                    .contains("/dev/net/tun").contains("modprobe tun");
            assertThat(Kernel.linkState()).isEqualTo(before);
            assertThat(Kernel.exec("test", "-c", "/dev/net/tun").code()).isZero();
        } finally {
            Kernel.run("ip", "tuntap", "del", "dev", "bi-tap0", "mode", "tap");
        }
    }
}
