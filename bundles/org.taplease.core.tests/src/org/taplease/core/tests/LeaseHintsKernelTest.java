package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.LeaseHints;
import org.taplease.core.internal.engine.KernelLink;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.linux.LinuxKernel;
import org.taplease.core.tests.support.ForwardingKernel;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.LeaseWorker;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.PrivateTmp;
import org.taplease.core.tests.support.Unprivileged;

import com.sun.jna.Native;

/**
 * The shared lease hints ({@link LeaseHints}) on real taps: a fresh engine (a new process) takes the tap released last
 * without listing every link; a hint is only ever tried if it is a member of the requested pool by label and
 * ifindex; and against another local user (real users in a mount namespace with a private /tmp, see
 * {@link PrivateTmp}): nothing planted in /tmp is followed, read or written, and nothing planted there blocks or
 * redirects root's lease.
 */
@ExtendWith(NoLeaks.class)
class LeaseHintsKernelTest {

    private static final int NOBODY = 65534;
    private static final String D = "/tmp/taplease-hints-0";

    /** The real kernel, counting dumps of every link and naming every tap it attaches. */
    private static final class CountingKernel extends ForwardingKernel {
        final AtomicInteger dumps = new AtomicInteger();
        final List<String> attached = Collections.synchronizedList(new ArrayList<>());

        CountingKernel() {
            super(new LinuxKernel());
        }

        @Override
        public List<KernelLink> links(boolean stats) {
            dumps.incrementAndGet();
            return super.links(stats);
        }

        @Override
        public int attach(String name, int index, boolean vnetHdr, boolean listedAsTap) {
            attached.add(name);
            return super.attach(name, index, vnetHdr, listedAsTap);
        }
    }

    @TempDir
    Path temp;

    private final TapService admin = new LeaseEngine(new LinuxKernel(), HandoffLocks.standard(), LeaseHints.none());

    @BeforeEach
    void root() {
        Kernel.requireIsolatedRoot();
    }

    @AfterEach
    void removePools() {
        Kernel.removeAllPools(admin);
    }

    private LeaseHints hints() {
        return new LeaseHints(temp.resolve("hints"));
    }

    @Test
    void aFreshEngineTakesTheTapReleasedLastWithoutListingEveryLink() throws IOException {
        admin.provisionPool(new PoolSpec("lh", 4, null, null));
        TapService first = new LeaseEngine(new LinuxKernel(), HandoffLocks.standard(), hints());
        TapLease held;
        try (TapLease a = first.lease(LeaseRequest.fromPool("lh")); TapLease b = first.lease(LeaseRequest.fromPool(
                "lh"))) {
            held = first.lease(LeaseRequest.fromPool("lh"));
            assertThat(List.of(a.name(), b.name(), held.name())).containsExactly("lh0", "lh1", "lh2");
            b.close(); // lh1, then lh0 (try-with-resources closes in reverse)
        }
        try {
            Path file = temp.resolve("hints/lh");
            assertThat(Files.readString(file)).startsWith("lh0 " + index("lh0") + "\nlh1 " + index("lh1") + "\n");
            assertThat(Files.size(file)).isEqualTo(512);
            assertThat(Files.getPosixFilePermissions(temp.resolve("hints"))).hasSize(3); // rwx------
            // a new process: its first lease is the tap released last, found without a dump
            CountingKernel kernel = new CountingKernel();
            TapService fresh = new LeaseEngine(kernel, HandoffLocks.standard(), hints());
            try (TapLease l = fresh.lease(LeaseRequest.fromPool("lh"))) {
                assertThat(l.name()).isEqualTo("lh0");
                // the next one: the second hint, still no dump
                try (TapLease m = fresh.lease(LeaseRequest.fromPool("lh"))) {
                    assertThat(m.name()).isEqualTo("lh1");
                }
            }
            assertThat(kernel.dumps).as("dumps of every link").hasValue(0);
            // this engine's own hint first (lh0, released last), then the shared ones; a third process finds both
            // hinted taps held and lists the links
            try (TapLease x = fresh.lease(LeaseRequest.fromPool("lh")); TapLease y = fresh.lease(LeaseRequest
                    .fromPool("lh")); TapLease z = new LeaseEngine(new LinuxKernel(), HandoffLocks.standard(),
                            hints()).lease(LeaseRequest.fromPool("lh"))) {
                assertThat(List.of(x.name(), y.name())).containsExactly("lh0", "lh1");
                assertThat(z.name()).isEqualTo("lh3");
            }
        } finally {
            held.close();
        }
    }

    @Test
    void aHintIsTriedOnlyIfItIsAFreeMemberOfThePoolByLabelAndIfindex() {
        admin.provisionPool(new PoolSpec("lm", 3, null, null));
        admin.provisionPool(new PoolSpec("ot", 1, null, null));
        try (TapLease held = admin.lease(LeaseRequest.named("lm1"))) {
            hints().write("lm", List.of(new LeaseHints.Entry("lo", 1), // not a tap
                    new LeaseHints.Entry("ot0", index("ot0")), // a tap of another pool
                    new LeaseHints.Entry("lm2", index("lm2") + 1000), // a member, but another interface than hinted
                    new LeaseHints.Entry("lm1", index("lm1")), // a member the kernel reports attached
                    new LeaseHints.Entry("nosuch0", 7)));
            CountingKernel kernel = new CountingKernel();
            try (TapLease l = new LeaseEngine(kernel, HandoffLocks.standard(), hints())
                    .lease(LeaseRequest.fromPool("lm"))) {
                assertThat(l.name()).isEqualTo("lm0");
            }
            assertThat(kernel.attached).as("taps attached").containsExactly("lm0");
            assertThat(kernel.dumps).hasValue(1);
        }
        // a damaged file is no hint at all
        try {
            Files.writeString(temp.resolve("hints/lm"), "lm2 \u0000\nlm2 99999999999\n\n garbage");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(hints().read("lm")).isEmpty();
        try (TapLease l = new LeaseEngine(new LinuxKernel(), HandoffLocks.standard(), hints())
                .lease(LeaseRequest.fromPool("lm"))) {
            assertThat(l.name()).isEqualTo("lm0");
        }
    }

    private static int index(String name) {
        return new LinuxKernel().index(name);
    }

    // ---------------------------------------------------------------- other local users

    @Test
    void whatAnotherUserPlantsInTmpIsNeverFollowedReadOrWrittenAndBlocksNoLease() throws Exception {
        admin.provisionPool(new PoolSpec("lu", 3, null, null));
        try (Unprivileged sandbox = new Unprivileged("taplease-hints-", LeaseWorker.class, TapService.class,
                Native.class); PrivateTmp tmp = new PrivateTmp(sandbox)) {
            sh(tmp, 0, "mkdir -m 0700 /tmp/victim");
            // a link where root's hint directory goes: root's lease works, nothing is made where it points
            sh(tmp, NOBODY, "ln -s /tmp/victim " + D);
            assertThat(lease(tmp)).isEqualTo("OK lu0");
            assertThat(sh(tmp, 0, "ls -A /tmp/victim")).isEmpty();
            assertThat(sh(tmp, 0, "stat -c %F " + D)).isEqualTo("symbolic link\n");

            // nobody's own directory with hints naming root's members: not read (root takes lu0 as without hints),
            // not written
            sh(tmp, NOBODY, "rm " + D + " && mkdir -m 0777 " + D + " && printf 'lu2 " + index("lu2") + "\\n' > " + D
                    + "/lu && chmod 0666 " + D + "/lu");
            assertThat(lease(tmp)).isEqualTo("OK lu0");
            assertThat(sh(tmp, 0, "cat " + D + "/lu; stat -c '%U %a' " + D + " " + D + "/lu"))
                    .isEqualTo("lu2 " + index("lu2") + "\nnobody 777\nnobody 666\n");
            // a link planted as the hint file inside a directory of root's is not followed either
            sh(tmp, 0, "rm -r " + D + " && mkdir -m 0700 " + D + " && ln -s /tmp/victim/x " + D + "/lu");
            assertThat(lease(tmp)).isEqualTo("OK lu0");
            assertThat(sh(tmp, 0, "ls -A /tmp/victim")).isEmpty();

            // root's own directory, made by root: hints work across processes
            sh(tmp, 0, "rm -r " + D);
            try (PrivateTmp.Running holder = tmp.start(0, 0, LeaseWorker.class.getName(), "hold", "tap", "lu0")) {
                assertThat(holder.firstLine()).isEqualTo("LEASED lu0");
                assertThat(lease(tmp)).isEqualTo("OK lu1"); // released: the hint is lu1
            }
            assertThat(sh(tmp, 0, "stat -c '%U %a' " + D + " " + D + "/lu")).isEqualTo("root 700\nroot 600\n");
            assertThat(lease(tmp)).as("a fresh process, lu0 free again").isEqualTo("OK lu1");
            // nobody (who may attach taps without an owner) keeps its own hints, in its own directory; they change
            // nothing for root, and root's change nothing for nobody
            assertThat(tmp.java(NOBODY, NOBODY, LeaseWorker.class.getName(), "once", "pool", "lu").out())
                    .isEqualTo("OK lu0\n");
            assertThat(sh(tmp, 0, "stat -c '%U %a' /tmp/taplease-hints-" + NOBODY + " /tmp/taplease-hints-" + NOBODY
                    + "/lu")).isEqualTo("nobody 700\nnobody 600\n");
            assertThat(sh(tmp, 0, "head -1 " + D + "/lu")).isEqualTo("lu1 " + index("lu1") + "\n");
            assertThat(lease(tmp)).isEqualTo("OK lu1");
        }
    }

    private static String lease(PrivateTmp tmp) {
        Kernel.Result r = tmp.java(0, 0, LeaseWorker.class.getName(), "once", "pool", "lu");
        return r.out().isBlank() ? "(no output) stderr: " + r.err() : r.out().trim();
    }

    private static String sh(PrivateTmp tmp, int uid, String script) {
        Kernel.Result r = tmp.sh(uid, uid, script);
        assertThat(r.code()).as("%s: %s", script, r.err()).isZero();
        return r.out();
    }
}
