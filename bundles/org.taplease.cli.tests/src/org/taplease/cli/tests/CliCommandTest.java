package org.taplease.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The taplease command in-process against real taps of the test namespace: output, JSON and exit codes. */
@ExtendWith(NoLeaks.class)
class CliCommandTest {

    private final TapService taps = TapServices.forPlatform();

    @AfterEach
    void cleanup() {
        Kernel.removeAllPools(taps);
    }

    @Test
    void helpAndVersion() {
        Cli.Result help = Cli.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("list").contains("run").contains("pool").contains("Exit codes");
        Cli.Result version = Cli.run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("taplease 0.1.0").contains("Linux backend").doesNotContain("FreeBSD");
    }

    @Test
    void poolLifecycleAndListing(@TempDir Path config) {
        String dir = config.toString();
        String declared = "declared in " + config.resolve("cl.yaml")
                + " ('taplease pool apply' restores it, e.g. after a reboot)\n";
        Cli.Result created = Cli.run("pool", "create", "--name", "cl", "--count", "2", "--owner", "nobody",
                "--group", "0", "--config-dir", dir);
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("pool cl: 2 taps, created cl0 cl1\n" + declared);
        Cli.Result topUp = Cli.run("pool", "create", "--name", "cl", "--count", "3", "--owner", "65534", "--group",
                "root", "--config-dir", dir);
        assertThat(topUp.out()).isEqualTo("pool cl: 3 taps, created cl2; already there: cl0 cl1\n" + declared);
        assertThat(config.resolve("cl.yaml")).content().contains("count: 3").contains("owner: nobody");

        try (TapLease held = taps.lease(LeaseRequest.named("cl1"))) {
            Cli.Result list = Cli.run("list");
            assertThat(list.code()).isZero();
            List<String> lines = list.out().lines().toList();
            assertThat(lines.get(0)).startsWith("NAME  STATE  HOLDER").contains("POOL").contains("MAC").contains("RX-PKTS");
            assertThat(lines).hasSize(4);
            assertThat(lines.get(1)).startsWith("cl0   free ").contains(" nobody:root ").contains(" no-carrier ");
            assertThat(lines.get(2)).startsWith("cl1   held ").contains("(pid " + ProcessHandle.current().pid() + ")")
                    .contains(" up ");

            Cli.Result json = Cli.run("list", "--json");
            JsonArray a = JsonParser.parseString(json.out()).getAsJsonArray();
            assertThat(a).hasSize(3);
            JsonObject cl1 = a.get(1).getAsJsonObject();
            assertThat(cl1.get("name").getAsString()).isEqualTo("cl1");
            assertThat(cl1.get("state").getAsString()).isEqualTo("held");
            assertThat(cl1.get("pool").getAsString()).isEqualTo("cl");
            assertThat(cl1.get("owner").getAsInt()).isEqualTo(65534);
            assertThat(cl1.get("group").getAsInt()).isZero();
            assertThat(cl1.get("persistent").getAsBoolean()).isTrue();
            assertThat(cl1.getAsJsonArray("holders").get(0).getAsJsonObject().get("pid").getAsLong())
                    .isEqualTo(ProcessHandle.current().pid());
            assertThat(cl1.get("mac").getAsString()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(cl1.getAsJsonObject("stats").has("rxBytes")).isTrue();

            assertThat(cl1.getAsJsonObject("network").get("guestMac").getAsString()).startsWith("06:");
            assertThat(cl1.getAsJsonObject("network").get("hostAddress").isJsonNull()).isTrue();

            Cli.Result pools = Cli.run("pool", "list", "--config-dir", dir);
            assertThat(pools.out()).isEqualTo("""
                    POOL  TAPS  FREE  HELD  OWNER   GROUP  NETWORK  MEMBERS
                    cl       3     2     1  nobody  root   -        cl0 cl1 cl2
                    """);
            JsonArray pj = JsonParser.parseString(Cli.run("pool", "list", "--json", "--config-dir", dir).out()).getAsJsonArray();
            assertThat(pj.get(0).getAsJsonObject().get("held").getAsInt()).isEqualTo(1);

            Cli.Result delete = Cli.run("pool", "delete", "--name", "cl", "--config-dir", dir);
            assertThat(delete.code()).as("some taps kept").isEqualTo(75);
            assertThat(delete.out()).isEqualTo("pool cl: deleted cl0 cl2\nkept cl1: held by java (pid "
                    + ProcessHandle.current().pid() + ")\npool cl: deleted its declaration in " + dir + "\n");
        }
        assertThat(config.resolve("cl.yaml")).doesNotExist();
        Cli.Result rest = Cli.run("pool", "delete", "--name", "cl", "--config-dir", dir);
        assertThat(rest.code()).isZero();
        assertThat(rest.out()).isEqualTo("pool cl: deleted cl1\n");
        assertThat(Cli.run("list").out()).startsWith("No taps in this network namespace.");
    }

    @Test
    void aMultiQueueTapIsListedAsNotLeasableAndIdenticalFreeTapsAlike() {
        Kernel.requireIsolatedRoot();
        Kernel.run("ip", "tuntap", "add", "dev", "mq0", "mode", "tap", "multi_queue");
        try {
            Kernel.run("ip", "link", "set", "dev", "mq0", "up");
            taps.provisionPool(new PoolSpec("fq", 2, null, null));
            // fq1 attached once more and released: the kernel's operstate of fq0 and fq1 may differ for a moment
            taps.lease(LeaseRequest.named("fq1")).close();
            List<String> lines = Cli.run("list").out().lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(3)).startsWith("mq0   multi-queue (not leasable)  -  ");
            assertThat(lines.get(1)).startsWith("fq0   free ").contains(" no-carrier ");
            JsonArray a = JsonParser.parseString(Cli.run("list", "--json").out()).getAsJsonArray();
            JsonObject fq0 = a.get(0).getAsJsonObject();
            JsonObject fq1 = a.get(1).getAsJsonObject();
            JsonObject mq0 = a.get(2).getAsJsonObject();
            assertThat(mq0.get("name").getAsString()).isEqualTo("mq0");
            assertThat(mq0.get("state").getAsString()).isEqualTo("multi-queue");
            assertThat(mq0.get("leasable").getAsBoolean()).isFalse();
            assertThat(mq0.get("multiQueue").getAsBoolean()).isTrue();
            assertThat(fq0.get("state").getAsString()).isEqualTo("free");
            assertThat(fq0.get("leasable").getAsBoolean()).isTrue();
            assertThat(List.of(fq0.get("operState").getAsString(), fq1.get("operState").getAsString(),
                    mq0.get("operState").getAsString())).containsOnly("no-carrier");
            // what list shows matches what leasing does (exit 65: not a leasable tap)
            assertThat(Cli.run("run", "--tap", "mq0", "--", "true").code()).isEqualTo(65);
        } finally {
            Kernel.run("ip", "tuntap", "del", "dev", "mq0", "mode", "tap", "multi_queue");
        }
    }

    @Test
    void exitCodesAndOneLineErrors() {
        var before = Kernel.linkState();
        expect(64, "Unmatched argument", "frob");
        expect(64, "Missing required parameter: 'CMD'", "run");
        expect(64, "--tap cannot be combined", "run", "--tap", "x", "--pool", "y", "--", "true");
        expect(64, "--fd must be from 3", "run", "--fd", "1", "--", "true");
        expect(64, "invalid interface name", "run", "--tap", "a/b", "--", "true");
        expect(64, "invalid pool name", "pool", "create", "--name", "bad name", "--count", "1");
        expect(64, "no such user", "pool", "create", "--name", "ok", "--count", "1", "--owner", "no-such-user-tl");
        expect(64, "count 0 out of range", "pool", "create", "--name", "ok", "--count", "0");
        expect(65, "not a tap: a loopback device", "run", "--tap", "lo", "--", "true");
        expect(66, "no such interface", "run", "--tap", "nosuch0", "--", "true");
        expect(66, "no such pool", "pool", "delete", "--name", "absent");
        expect(66, "no such pool", "run", "--pool", "empty", "--", "true");
        assertThat(Kernel.linkState()).isEqualTo(before);
        taps.provisionPool(new org.taplease.core.PoolSpec("ec", 1, null, null));
        try (TapLease held = taps.lease(LeaseRequest.named("ec0"))) {
            expect(75, "busy, held by java (pid " + ProcessHandle.current().pid() + ")", "run", "--tap", "ec0", "--", "true");
            expect(76, "its only tap is held", "run", "--pool", "ec", "--", "true");
        }
        expect(127, "command not found", "run", "--pool", "ec", "--", "taplease-no-such-command");
        assertThat(taps.tap("ec0", false).orElseThrow().free()).as("released after the failed start").isTrue();
    }

    private static void expect(int code, String text, String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.code()).as("exit code of taplease %s (stderr: %s)", String.join(" ", args), r.err()).isEqualTo(code);
        assertThat(r.err()).as("stderr of taplease %s", String.join(" ", args)).startsWith("taplease: ").contains(text)
                .hasLineCount(1);
    }
}
