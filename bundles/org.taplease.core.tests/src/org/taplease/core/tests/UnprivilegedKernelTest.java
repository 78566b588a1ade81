package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.LeaseWorker;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Unprivileged;

import com.sun.jna.Native;

/**
 * The unprivileged path: a user the test creates, with no capabilities at all, leases from a pool owned by that user,
 * and gets the permission reason (and changes nothing) on a tap it does not own. /dev/net/tun is 0600 on these
 * machines, so the child sees a 0666 node of char 10:200 bind-mounted over it in a mount namespace of its own; the
 * host's node is not changed.
 */
@ExtendWith(NoLeaks.class)
class UnprivilegedKernelTest {

    private final TapService taps = TapServices.forPlatform();
    private String user;
    private int uid;
    private int gid;
    private Unprivileged sandbox;

    @BeforeEach
    void createUser() throws IOException {
        user = "tl-t" + Long.toString(ProcessHandle.current().pid() % 100000) + "x" + (System.nanoTime() % 1000);
        Kernel.run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
        uid = Integer.parseInt(Kernel.run("id", "-u", user).trim());
        gid = Integer.parseInt(Kernel.run("id", "-g", user).trim());
        sandbox = new Unprivileged("taplease-unpriv-", LeaseWorker.class, TapService.class, Native.class);
    }

    @AfterEach
    void removeUser() throws IOException {
        Kernel.removeAllPools(taps);
        Kernel.run("userdel", user);
        sandbox.close();
    }

    /** Runs {@code command} as the test user without capabilities; /dev/net/tun 0666 or 0600. */
    private Kernel.Result asUser(boolean tunReadable, List<String> command) {
        return sandbox.run(uid, gid, tunReadable ? "0666" : "0600", command);
    }

    private List<String> worker(String... args) {
        return sandbox.java(LeaseWorker.class.getName(), args);
    }

    @Test
    void ownerLeasesWithoutAnyCapabilityAndIsRefusedOthersTaps() {
        taps.provisionPool(new PoolSpec("mine", 2, uid, null));
        taps.provisionPool(new PoolSpec("theirs", 1, 65534, null));
        List<String> before = Kernel.linkState();

        Kernel.Result caps = asUser(true, List.of("sh", "-c", "id -u; grep -E '^Cap(Eff|Prm|Bnd)' /proc/self/status"));
        assertThat(caps.out()).startsWith(uid + "\n").contains("CapEff:\t0000000000000000")
                .contains("CapPrm:\t0000000000000000").contains("CapBnd:\t0000000000000000");

        Kernel.Result mine = asUser(true, worker("once", "pool", "mine"));
        assertThat(mine.out()).as("stderr: %s", mine.err()).matches("OK mine[01]\\n");

        Kernel.Result theirs = asUser(true, worker("once", "tap", "theirs0"));
        assertThat(theirs.out()).as("stderr: %s", theirs.err()).startsWith("ERR PERMISSION theirs0: not allowed to attach")
                .contains("belongs to user nobody").contains("TUNSETIFF: Operation not permitted, errno 1")
                .contains("Fix: lease from a pool owned by your user");

        Kernel.Result theirPool = asUser(true, worker("once", "pool", "theirs"));
        assertThat(theirPool.out()).startsWith("ERR PERMISSION theirs0");

        Kernel.Result list = asUser(true, worker("list"));
        assertThat(list.out()).contains("mine0 " + uid + " null mine free").contains("theirs0 65534 null theirs free");

        assertThat(Kernel.linkState()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aClosedDevNetTunIsTheOtherPermissionGate() {
        taps.provisionPool(new PoolSpec("mine", 1, uid, null));
        List<String> before = Kernel.linkState();
        Kernel.Result r = asUser(false, worker("once", "pool", "mine"));
        assertThat(r.out()).as("stderr: %s", r.err()).startsWith("ERR PERMISSION /dev/net/tun: you may not open")
                .contains("Permission denied, errno 13").contains("chmod 0666 /dev/net/tun");
        assertThat(Kernel.linkState()).isEqualTo(before);
    }
}
