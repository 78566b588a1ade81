package org.taplease.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.cli.Main;
import org.taplease.core.PoolDeclarations;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Unprivileged;

import org.snakeyaml.engine.v2.api.LoadSettings;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.jna.Native;

import picocli.CommandLine;

/**
 * {@code taplease doctor} as a separate process against the test namespace: a healthy set-up exits 0; a hidden
 * /dev/net/tun (tmpfs over /dev/net in a mount namespace of the child's own), a pool owned by another real user (the
 * command runs as nobody), a stale and a refused hand-over lock, declarations that are not applied: each prints its
 * fix and exits 78. The declarations and hand-over directories are the test's own ({@code TAPLEASE_CONFIG_DIR},
 * {@code TAPLEASE_HANDOFF_DIR}).
 */
@ExtendWith(NoLeaks.class)
class DoctorCommandTest {

    private static final String USER = "tapdoc";
    private static final String GROUP = "tapdocg";

    private final TapService taps = TapServices.forPlatform();
    private Path config;
    private Path handoff;

    @BeforeEach
    void dirs() throws IOException {
        config = Files.createTempDirectory(Paths.get("/tmp"), "taplease-doctor-config-");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rwxr-xr-x"));
        handoff = Files.createTempDirectory(Paths.get("/tmp"), "taplease-doctor-handoff-");
        Kernel.run("chmod", "1777", handoff.toString());
    }

    @AfterEach
    void cleanup() throws IOException {
        Kernel.removeAllPools(taps);
        for (Path d : List.of(config, handoff)) {
            try (var walk = Files.walk(d)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** {@code env TAPLEASE_CONFIG_DIR=... TAPLEASE_HANDOFF_DIR=... java ... Main args}. */
    private List<String> doctor(List<String> java) {
        List<String> cmd = new ArrayList<>(List.of("env", PoolDeclarations.ENV + "=" + config,
                "TAPLEASE_HANDOFF_DIR=" + handoff));
        cmd.addAll(java);
        return cmd;
    }

    private Kernel.Result run(String... args) {
        return Kernel.exec(Duration.ofSeconds(60), doctor(Cli.command(args)).toArray(String[]::new));
    }

    @Test
    void healthySetupExitsZeroAndPrintsJson() {
        PoolSpec spec = new PoolSpec("dr", 2, null, null);
        taps.provisionPool(spec);
        PoolDeclarations.write(config, spec);
        Kernel.Result r = run("doctor");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("ok    tun driver: in the kernel")
                .contains("ok    pool dr: you (root) can attach its 2 taps (no owner or group)")
                .contains("ok    hand-over locks: none stale or refused in " + handoff)
                .contains("ok    no tap looks leaked").contains("ok    the 1 pool declared in " + config + " is applied")
                .contains("ok    Java ").doesNotContain("fail");
        assertThat(r.out().lines().filter(l -> !l.startsWith("      Fix: ")).count()).as(r.out()).isEqualTo(8);

        Kernel.Result json = run("doctor", "--json");
        assertThat(json.code()).isZero();
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertThat(o.get("healthy").getAsBoolean()).isTrue();
        List<String> ids = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("checks")) {
            ids.add(e.getAsJsonObject().get("id").getAsString());
            assertThat(e.getAsJsonObject().get("status").getAsString()).isIn("ok", "warn");
        }
        assertThat(ids).containsExactly("tun-device", "tun-driver", "pool:dr", "handoff-locks", "leaked-taps",
                "pool-declarations", "pools-unit", "jdk");

        // a declaration the system does not match: the exact command that applies it
        PoolDeclarations.write(config, new PoolSpec("dr", 3, null, null));
        Kernel.Result pending = run("doctor");
        assertThat(pending.code()).as(pending.out()).isEqualTo(78);
        assertThat(pending.out()).contains("fail  the pools declared in " + config
                + " are not applied: 1 change to make (dr: member 2 (dr2) is missing)")
                .contains("      Fix: sudo taplease pool apply --config-dir " + config);
    }

    @Test
    void hiddenTunDeviceFails() {
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mount -t tmpfs none /dev/net && exec \"$@\"", "sh"));
        cmd.addAll(doctor(Cli.command("doctor")));
        Kernel.Result r = Kernel.exec(Duration.ofSeconds(60), cmd.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(78);
        assertThat(r.out()).startsWith("fail  /dev/net/tun is missing\n      Fix: sudo modprobe tun (it makes"
                + " /dev/net/tun); in a container: sudo mkdir -p /dev/net && sudo mknod -m 0666 /dev/net/tun c 10 200");
        assertThat(Files.exists(Path.of("/dev/net/tun"))).as("the host's node is untouched").isTrue();
    }

    @Test
    void poolOfAnotherUserFailsWithTheFix() throws IOException {
        Kernel.exec("userdel", USER);
        Kernel.exec("groupdel", GROUP);
        Kernel.run("groupadd", "--system", GROUP);
        Kernel.run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "--no-user-group",
                USER);
        try (Unprivileged sandbox = new Unprivileged("taplease-doctor-", Main.class, TapService.class, Native.class,
                CommandLine.class, Gson.class, LoadSettings.class)) {
            int uid = Integer.parseInt(Kernel.run("id", "-u", USER).trim());
            int gid = Integer.parseInt(Kernel.run("getent", "group", GROUP).split(":")[2]);
            taps.provisionPool(new PoolSpec("du", 1, uid, null));
            taps.provisionPool(new PoolSpec("dg", 2, null, gid));
            taps.provisionPool(new PoolSpec("dn", 1, 65534, null));
            Kernel.Result r = sandbox.run(65534, 65534, "0666",
                    doctor(sandbox.java(Main.class.getName(), "doctor")));
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(78);
            assertThat(r.out()).contains("ok    /dev/net/tun: mode 0666 root:root, a character device; you (nobody)"
                    + " can open it")
                    .contains("fail  pool dg: you (nobody) cannot attach any of its 2 taps (group " + GROUP + ")\n"
                            + "      Fix: sudo usermod -aG " + GROUP + " nobody (then log in again)")
                    .contains("ok    pool dn: you (nobody) can attach its 1 tap (owner nobody)")
                    .contains("fail  pool du: you (nobody) cannot attach its 1 tap (owner " + USER + ")\n"
                            + "      Fix: ask for a pool of your own: sudo taplease pool create --name nobody --count 4"
                            + " --owner nobody");
            // the node's mode as this machine has it (0600 root): nobody may not open it at all
            Kernel.Result closed = sandbox.run(65534, 65534, "0600",
                    doctor(sandbox.java(Main.class.getName(), "doctor")));
            assertThat(closed.code()).isEqualTo(78);
            assertThat(closed.out()).startsWith("fail  /dev/net/tun: mode 0600 root:root; you (nobody) may not open it"
                    + " (Permission denied, errno 13)\n      Fix: sudo chmod 0666 /dev/net/tun");
        } finally {
            Kernel.exec("userdel", USER);
            Kernel.exec("groupdel", GROUP);
        }
    }

    @Test
    void staleAndRefusedHandoffLocksFail() throws IOException {
        taps.provisionPool(new PoolSpec("st", 2, null, null));
        // a lock held for 20 minutes (by this JVM: the doctor runs as another process), longer than any hand-over
        try (HandoffLocks.Handoff held = new HandoffLocks(handoff).take("st1")) {
            Path lock = handoff.resolve("0/st1.lock");
            // by another process: the JDK's setLastModifiedTime opens and closes the file, which would end this
            // process's lock on it
            Kernel.run("touch", "-m", "-d", "@" + Instant.now().minus(Duration.ofMinutes(20)).getEpochSecond(),
                    lock.toString());
            // a link planted where a lock file of root's would be
            Files.createSymbolicLink(handoff.resolve("0/st0.lock"), Path.of("/etc/passwd"));
            Kernel.Result r = run("doctor");
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(78);
            long pid = ProcessHandle.current().pid();
            assertThat(r.out()).contains("fail  hand-over lock entry " + handoff + "/0/st0.lock: not a lock file (a"
                    + " symbolic link?): refused\n      Fix: sudo rm " + handoff + "/0/st0.lock")
                    .contains("fail  stale hand-over lock " + lock + ": process " + pid)
                    .contains("has held it for 20 minutes, longer than any hand-over (11 minutes); taplease's"
                            + " allocators skip st1\n      Fix: if that process hangs, end it (the lock ends with it):"
                            + " kill " + pid);
            Kernel.Result json = run("doctor", "--json");
            JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
            assertThat(o.get("healthy").getAsBoolean()).isFalse();
        }
        // released: a lock file nobody holds blocks nobody
        Files.delete(handoff.resolve("0/st0.lock"));
        Kernel.Result after = run("doctor");
        assertThat(after.code()).as(after.out()).isZero();
        assertThat(after.out()).contains("ok    hand-over locks: none stale or refused");
    }
}
