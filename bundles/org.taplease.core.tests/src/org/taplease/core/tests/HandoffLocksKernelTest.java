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
import org.taplease.core.internal.TapAccess;
import org.taplease.core.tests.support.HandoffWorker;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.LeaseWorker;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.PrivateTmp;
import org.taplease.core.tests.support.Unprivileged;

import com.sun.jna.Native;

/**
 * The hand-over locks of {@code taplease run --by-name} against other local users, with real users and real
 * processes: {@code nobody} plants links and takes locks in /tmp, the test user owns pool {@code ho} and hands its
 * taps over, root leases. Everything happens in a mount namespace with a private tmpfs on /tmp ({@link PrivateTmp}),
 * so the standard directory /tmp/taplease-handoff is the one under attack and the host's /tmp is never touched.
 */
@ExtendWith(NoLeaks.class)
class HandoffLocksKernelTest {

    private static final String D = "/tmp/taplease-handoff";
    private static final int NOBODY = 65534;

    private final TapService taps = TapServices.forPlatform();
    private String user;
    private int uid;
    private int gid;
    private Unprivileged sandbox;
    private PrivateTmp tmp;

    @BeforeEach
    void setUp() throws IOException {
        user = "tl-h" + Long.toString(ProcessHandle.current().pid() % 100000) + "x" + (System.nanoTime() % 1000);
        Kernel.run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
        uid = Integer.parseInt(Kernel.run("id", "-u", user).trim());
        gid = Integer.parseInt(Kernel.run("id", "-g", user).trim());
        taps.provisionPool(new PoolSpec("ho", 2, uid, null)); // the test user's pool
        taps.provisionPool(new PoolSpec("hr", 1, null, null)); // no owner: root's only
        sandbox = new Unprivileged("taplease-handoff-", HandoffWorker.class, LeaseWorker.class, TapService.class,
                Native.class);
        tmp = new PrivateTmp(sandbox);
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            if (tmp != null) {
                tmp.close();
            }
            if (sandbox != null) {
                sandbox.close();
            }
        } finally {
            Kernel.removeAllPools(taps);
            Kernel.run("userdel", user);
        }
    }

    private String lease(int asUid, int asGid, String tap) {
        Kernel.Result r = tmp.java(asUid, asGid, LeaseWorker.class.getName(), "once", "tap", tap);
        return r.out().isBlank() ? "(no output) stderr: " + r.err() : r.out().trim();
    }

    private PrivateTmp.Running take(int asUid, int asGid, String tap) throws IOException {
        return tmp.start(asUid, asGid, HandoffWorker.class.getName(), "take", tap);
    }

    private PrivateTmp.Running lock(int asUid, int asGid, String path, String kind) throws IOException {
        return tmp.start(asUid, asGid, HandoffWorker.class.getName(), "lock", path, kind);
    }

    private String sh(int asUid, int asGid, String script) {
        Kernel.Result r = tmp.sh(asUid, asGid, script);
        assertThat(r.code()).as("%s: %s", script, r.err()).isZero();
        return r.out();
    }

    /** A directory of root's that nobody may plant a link to; its listing, which must stay empty. */
    private String victim() {
        return sh(0, 0, "ls -A /tmp/victim");
    }

    @Test
    void aSymbolicLinkPlantedAsTheDirectoryIsRefusedAndNothingIsCreatedWhereItPoints() throws Exception {
        sh(0, 0, "mkdir -m 0755 /tmp/victim");
        sh(NOBODY, NOBODY, "ln -s /tmp/victim " + D);
        try (PrivateTmp.Running root = take(0, 0, "hr0")) {
            assertThat(root.firstLine()).startsWith("ERR SYSTEM")
                    .contains("the hand-over directory " + D + " is a symbolic link; remove it")
                    .contains("Fix: sudo rm " + D);
        }
        assertThat(victim()).as("files root made in the link's target").isEmpty();
        assertThat(lease(0, 0, "hr0")).as("allocators ignore the planted directory").isEqualTo("OK hr0");
    }

    @Test
    void aNonDirectoryOrAnotherUsersDirectoryIsRefusedAndNothingIsCreatedInIt() throws Exception {
        sh(0, 0, "mkdir -m 0755 /tmp/victim");
        sh(NOBODY, NOBODY, "echo planted > " + D);
        try (PrivateTmp.Running root = take(0, 0, "hr0")) {
            assertThat(root.firstLine()).startsWith("ERR SYSTEM").contains(D + " is not a directory; remove it");
        }
        assertThat(sh(0, 0, "cat " + D)).isEqualTo("planted\n");

        // nobody's own directory, sticky and world-writable, with a link where root's directory would go
        sh(0, 0, "rm " + D);
        sh(NOBODY, NOBODY, "mkdir " + D + " && chmod 1777 " + D + " && ln -s /tmp/victim " + D + "/0");
        try (PrivateTmp.Running root = take(0, 0, "hr0")) {
            assertThat(root.firstLine()).startsWith("ERR SYSTEM")
                    .contains(D + " belongs to user nobody, not to root; taplease does not use it")
                    .contains("Fix: remove it: sudo rm -r " + D);
        }
        try (PrivateTmp.Running owner = take(uid, gid, "ho0")) {
            assertThat(owner.firstLine()).startsWith("ERR SYSTEM").contains("belongs to user nobody");
        }
        assertThat(victim()).isEmpty();
        assertThat(sh(0, 0, "ls -A " + D)).isEqualTo("0\n");
        // a lock in nobody's directory, even one shaped like root's, blocks no allocator
        try (PrivateTmp.Running planted = lock(NOBODY, NOBODY, D + "/hr0.lock", "write")) {
            assertThat(planted.firstLine()).isEqualTo("LOCKED");
            assertThat(lease(0, 0, "hr0")).isEqualTo("OK hr0");
        }
    }

    @Test
    void aNameSquattedInTheDirectoryIsNeverFollowedAndRootHandsOverAnyway() throws Exception {
        sh(0, 0, "mkdir -m 0755 /tmp/victim && mkdir -m 1777 " + D);
        // nobody plants a link where root's own directory (named 0) would be, and one under the next names
        sh(NOBODY, NOBODY, "ln -s /tmp/victim " + D + "/0 && mkdir " + D + "/0-1 && ln -s /tmp/victim " + D + "/0-2");
        try (PrivateTmp.Running root = take(0, 0, "hr0")) {
            assertThat(root.firstLine()).isEqualTo("TAKEN");
            String mine = sh(0, 0, "find " + D + " -mindepth 1 -maxdepth 1 -type d -user root -printf '%f %m\\n'");
            assertThat(mine).matches("0-[0-9a-f]+ 755\n");
            assertThat(victim()).isEmpty();
            // and the hand-over works: another allocator keeps off hr0
            assertThat(lease(0, 0, "hr0")).startsWith("ERR BUSY hr0: busy: it is being handed over by name");
        }
        assertThat(lease(0, 0, "hr0")).isEqualTo("OK hr0");
        // a hard link to one of root's files in root's own directory (possible with fs.protected_hardlinks=0) is not
        // a lock file root uses or changes
        String own = sh(0, 0, "find " + D + " -mindepth 1 -maxdepth 1 -type d -user root -printf '%f'");
        sh(0, 0, "echo secret > /tmp/victim/secret && chmod 0600 /tmp/victim/secret && ln -f /tmp/victim/secret " + D
                + "/" + own + "/hr0.lock");
        try (PrivateTmp.Running root = take(0, 0, "hr0")) {
            assertThat(root.firstLine()).startsWith("ERR SYSTEM").contains("is not a plain file of yours (2 links");
        }
        assertThat(sh(0, 0, "stat -c '%a %s' /tmp/victim/secret")).isEqualTo("600 7\n");
    }

    @Test
    void aLockOfAUserWhoMayNotAttachTheTapBlocksNobody() throws Exception {
        sh(0, 0, "mkdir -m 1777 " + D);
        // the attack of the issue: nobody's write lock on the old lock file of ho0 (and of root's hr0)
        try (PrivateTmp.Running old0 = lock(NOBODY, NOBODY, D + "/ho0.lock", "write");
                PrivateTmp.Running oldr = lock(NOBODY, NOBODY, D + "/hr0.lock", "write");
                // nobody's hand-overs, in nobody's own directory, of taps nobody may not attach
                PrivateTmp.Running own0 = take(NOBODY, NOBODY, "ho0");
                PrivateTmp.Running ownr = take(NOBODY, NOBODY, "hr0")) {
            assertThat(List.of(old0.firstLine(), oldr.firstLine(), own0.firstLine(), ownr.firstLine()))
                    .containsExactly("LOCKED", "LOCKED", "TAKEN", "TAKEN");
            assertThat(sh(0, 0, "stat -c '%U %a' " + D + "/" + NOBODY + " " + D + "/" + NOBODY + "/ho0.lock"))
                    .isEqualTo("nobody 755\nnobody 644\n");
            assertThat(lease(0, 0, "ho0")).as("root").isEqualTo("OK ho0");
            assertThat(lease(0, 0, "hr0")).as("root").isEqualTo("OK hr0");
            assertThat(lease(uid, gid, "ho0")).as("the owner").isEqualTo("OK ho0");
        }
        // a read lock, which anybody who may read a lock file can take, is not a hand-over
        try (PrivateTmp.Running h = take(uid, gid, "ho1")) {
            assertThat(h.firstLine()).isEqualTo("TAKEN");
        }
        try (PrivateTmp.Running read = lock(NOBODY, NOBODY, D + "/" + uid + "/ho1.lock", "read")) {
            assertThat(read.firstLine()).isEqualTo("LOCKED");
            assertThat(lease(0, 0, "ho1")).isEqualTo("OK ho1");
            assertThat(lease(uid, gid, "ho1")).isEqualTo("OK ho1");
        }
        // nobody cannot take a write lock on another user's lock file at all
        try (PrivateTmp.Running write = lock(NOBODY, NOBODY, D + "/" + uid + "/ho1.lock", "write")) {
            assertThat(write.firstLine()).startsWith("ERR").contains("AccessDenied");
        }
    }

    @Test
    void aHandoverByTheOwnerOrRootKeepsOtherAllocatorsOff() throws Exception {
        // no directory yet: the owner may not make it (root's), and is told how to get one
        try (PrivateTmp.Running owner = take(uid, gid, "ho0")) {
            assertThat(owner.firstLine()).startsWith("ERR PERMISSION")
                    .contains("the hand-over directory " + D + " does not exist, and only root makes it")
                    .contains("sudo install -d -m 1777 -o root " + D);
        }
        // root's hand-over makes it: root's, sticky, world-writable
        try (PrivateTmp.Running root = take(0, 0, "hr0")) {
            assertThat(root.firstLine()).isEqualTo("TAKEN");
            assertThat(sh(0, 0, "stat -c '%U %a' " + D + " " + D + "/0 " + D + "/0/hr0.lock"))
                    .isEqualTo("root 1777\nroot 755\nroot 644\n");
            assertThat(lease(0, 0, "hr0")).startsWith("ERR BUSY hr0: busy: it is being handed over by name");
            try (PrivateTmp.Running again = take(0, 0, "hr0")) {
                assertThat(again.firstLine()).startsWith("ERR BUSY hr0: another process is handing this tap over");
            }
        }
        assertThat(lease(0, 0, "hr0")).isEqualTo("OK hr0");
        // the owner's hand-over keeps root and the owner's other processes off ho0, not off ho1
        try (PrivateTmp.Running owner = take(uid, gid, "ho0")) {
            assertThat(owner.firstLine()).isEqualTo("TAKEN");
            assertThat(lease(0, 0, "ho0")).as("root").startsWith("ERR BUSY ho0: busy: it is being handed over");
            assertThat(lease(uid, gid, "ho0")).as("the owner").startsWith("ERR BUSY ho0");
            Kernel.Result pool = tmp.java(uid, gid, LeaseWorker.class.getName(), "once", "pool", "ho");
            assertThat(pool.out()).isEqualTo("OK ho1\n");
        }
        assertThat(lease(0, 0, "ho0")).isEqualTo("OK ho0");
    }

    @Test
    void whoMayAttachFollowsTheKernelsRule() {
        assertThat(TapAccess.mayAttach(0, 1234, 1234)).as("root").isTrue();
        assertThat(TapAccess.mayAttach(uid, uid, null)).as("owner").isTrue();
        assertThat(TapAccess.mayAttach(uid, null, gid)).as("member of the group").isTrue();
        assertThat(TapAccess.mayAttach(uid, uid, gid)).as("owner and member").isTrue();
        assertThat(TapAccess.mayAttach(NOBODY, uid, null)).as("another user").isFalse();
        assertThat(TapAccess.mayAttach(NOBODY, null, gid)).as("not in the group").isFalse();
        assertThat(TapAccess.mayAttach(uid, uid, 0)).as("owner, but not in the set group").isFalse();
        assertThat(TapAccess.mayAttach(uid, null, null)).as("no owner, no group: root's only").isFalse();
    }
}
