package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.ChildJvm;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.LeaseWorker;
import org.taplease.core.tests.support.NoLeaks;

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
    private Path dir;
    private List<Path> classPath;

    @BeforeEach
    void createUser() throws IOException {
        user = "tl-t" + Long.toString(ProcessHandle.current().pid() % 100000) + "x" + (System.nanoTime() % 1000);
        Kernel.run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
        uid = Integer.parseInt(Kernel.run("id", "-u", user).trim());
        gid = Integer.parseInt(Kernel.run("id", "-g", user).trim());
        dir = Files.createTempDirectory(Paths.get("/tmp"), "taplease-unpriv-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jna = Files.createDirectory(dir.resolve("jna"));
        Files.setPosixFilePermissions(jna, PosixFilePermissions.fromString("rwxrwxrwx"));
        classPath = ChildJvm.copyClassPath(ChildJvm.classPath(LeaseWorker.class, TapService.class, Native.class), dir);
        Kernel.run("chmod", "-R", "a+rX", dir.toString());
    }

    @AfterEach
    void removeUser() throws IOException {
        Kernel.removeAllPools(taps);
        Kernel.run("userdel", user);
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Runs {@code command} as the test user without capabilities, with a node of /dev/net/tun of the given mode
     * (0666: as distributions ship it; 0600: root only) bind-mounted over the real one in its own mount namespace.
     */
    private Kernel.Result asUser(boolean tunReadable, List<String> command) {
        String node = dir + "/tun.$$";
        String setup = "mknod " + node + " c 10 200 && chmod " + (tunReadable ? "0666" : "0600") + " " + node
                + " && mount --bind " + node + " /dev/net/tun && ";
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                setup + "exec setpriv --reuid=" + uid + " --regid=" + gid + " --clear-groups --inh-caps=-all"
                        + " --bounding-set=-all --no-new-privs -- \"$@\"",
                "sh"));
        cmd.addAll(command);
        return Kernel.exec(cmd.toArray(String[]::new));
    }

    private List<String> worker(String... args) {
        return ChildJvm.command(List.of("-Djna.tmpdir=" + dir.resolve("jna"), "-Djava.io.tmpdir=" + dir.resolve("jna")),
                classPath, LeaseWorker.class.getName(), args);
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
