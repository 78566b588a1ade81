package org.taplease.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Declared pools through the command line against the real kernel of the test namespace: {@code pool apply} after a
 * "reboot" (members deleted with {@code ip link del}) brings back the same members, and bad input fails with a
 * message naming the cause and the fix while nothing changes.
 */
@ExtendWith(NoLeaks.class)
class PoolNetworkApplyTest {

    private final TapService taps = TapServices.forPlatform();
    private final List<String> scratchLinks = new ArrayList<>();
    private Path dir;

    @BeforeEach
    void configDir(@TempDir Path tmp) {
        dir = tmp.resolve("pools.d");
    }

    @AfterEach
    void cleanup() throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".yaml")) {
                        Cli.run("pool", "delete", "--name", name.substring(0, name.length() - 5), "--config-dir",
                                dir.toString());
                    }
                }
            }
        }
        Kernel.removeAllPools(taps);
        for (String l : scratchLinks) {
            Kernel.exec("ip", "link", "del", l);
        }
    }

    private String[] withDir(String... args) {
        String[] a = new String[args.length + 2];
        System.arraycopy(args, 0, a, 0, args.length);
        a[args.length] = "--config-dir";
        a[args.length + 1] = dir.toString();
        return a;
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.run(withDir(args));
        assertThat(r.code()).as("exit code of taplease %s; stderr: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    /** name -> (mac, network) of every tap of {@code pool}, from {@code list --json}. */
    private static Map<String, String> members(String pool) {
        Cli.Result r = Cli.run("list", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, String> m = new TreeMap<>();
        for (JsonElement e : JsonParser.parseString(r.out()).getAsJsonArray()) {
            JsonObject t = e.getAsJsonObject();
            if (t.has("pool") && !t.get("pool").isJsonNull() && t.get("pool").getAsString().equals(pool)) {
                m.put(t.get("name").getAsString(), "mac=" + t.get("mac").getAsString() + " network=" + t.get("network"));
            }
        }
        return m;
    }

    @Test
    void applyAfterARebootBringsBackTheSameMembersAndASecondApplyChangesNothing() {
        ok("pool", "create", "--name", "rb", "--count", "2", "--subnet", "10.91.0.0/29");
        assertThat(dir.resolve("rb.yaml")).isRegularFile();
        Map<String, String> before = members("rb");
        assertThat(before).containsOnlyKeys("rb0", "rb1");
        assertThat(before.values()).allSatisfy(v -> assertThat(v).contains("\"hostAddress\":\"10.91.0."));

        // what a reboot does to taps: they are gone
        Kernel.run("ip", "link", "del", "rb0");
        Kernel.run("ip", "link", "del", "rb1");
        assertThat(members("rb")).isEmpty();

        Cli.Result applied = ok("pool", "apply");
        assertThat(applied.out()).contains("rb0").contains("rb1").doesNotContain("nothing to change");
        assertThat(members("rb")).as("names, MACs and networks after apply").isEqualTo(before);

        Cli.Result again = ok("pool", "apply");
        assertThat(again.out()).contains("nothing to change");
        assertThat(members("rb")).isEqualTo(before);
    }

    /** The state a failed command must leave exactly as it was: links and IPv4 addresses. */
    private static String state() {
        return String.join("\n", Kernel.linkState()) + "\n" + Kernel.run("ip", "-4", "-o", "addr").replaceAll(
                "valid_lft.*", "") + Kernel.run("ip", "-4", "route");
    }

    private List<String> declarations() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Runs taplease and expects it to fail: a non-zero exit, one message that contains every one of {@code says}
     * (the cause and the fix), nothing changed in the kernel and no declaration added.
     */
    private Cli.Result fails(List<String> says, String... args) throws IOException {
        String kernelBefore = state();
        List<String> declaredBefore = declarations();
        Cli.Result r = Cli.run(withDir(args));
        String what = "taplease " + String.join(" ", args) + " (stdout: " + r.out() + ", stderr: " + r.err() + ")";
        assertThat(r.code()).as("exit code of %s", what).isNotZero();
        assertThat(state()).as("links, addresses and routes after %s", what).isEqualTo(kernelBefore);
        assertThat(declarations()).as("declarations after %s", what).isEqualTo(declaredBefore);
        assertThat(r.err()).as("message of %s", what).startsWith("taplease: ");
        for (String s : says) {
            assertThat(r.err()).as("message of %s", what).containsIgnoringCase(s);
        }
        return r;
    }

    private void link(String... ipArgs) {
        List<String> c = new ArrayList<>(List.of("ip"));
        c.addAll(List.of(ipArgs));
        Kernel.run(c.toArray(String[]::new));
    }

    @Test
    void aMissingBridgeOrAnInterfaceThatIsNotABridgeIsRefused() throws IOException {
        fails(List.of("nobr0", "ip link add nobr0 type bridge"), "pool", "create", "--name", "bm", "--count", "1",
                "--bridge", "nobr0");
        scratchLinks.add("vnb0");
        link("link", "add", "vnb0", "type", "veth", "peer", "name", "vnb1");
        fails(List.of("vnb0", "not a bridge"), "pool", "create", "--name", "bv", "--count", "1", "--bridge", "vnb0");
        scratchLinks.add("tnb0");
        link("tuntap", "add", "dev", "tnb0", "mode", "tap");
        fails(List.of("tnb0", "not a bridge"), "pool", "create", "--name", "bt", "--count", "1", "--bridge", "tnb0");
    }

    @Test
    void aSubnetTooSmallForTheCountIsRefused() throws IOException {
        // a /29 holds two /30 blocks
        fails(List.of("10.92.0.0/29", "3"), "pool", "create", "--name", "ts", "--count", "3", "--subnet", "10.92.0.0/29");
    }

    @Test
    void aSubnetOverlappingAnAddressOrARouteOnAnotherInterfaceIsRefused() throws IOException {
        scratchLinks.add("vov0");
        link("link", "add", "vov0", "type", "veth", "peer", "name", "vov1");
        link("addr", "add", "10.93.0.5/24", "dev", "vov0");
        fails(List.of("10.93.0.0/28", "vov0"), "pool", "create", "--name", "oa", "--count", "2", "--subnet",
                "10.93.0.0/28");
        link("link", "set", "vov0", "up");
        link("link", "set", "vov1", "up");
        link("route", "add", "10.94.0.0/16", "dev", "vov1");
        fails(List.of("10.94.1.0/28", "vov1"), "pool", "create", "--name", "or", "--count", "2", "--subnet",
                "10.94.1.0/28");
    }

    @Test
    void anInvalidSubnetOrAnMtuOutOfRangeIsRefused() throws IOException {
        for (String cidr : List.of("10.300.0.0/24", "10.95.0.0/33", "10.95.0.0", "fd00::/64x")) {
            fails(List.of(cidr), "pool", "create", "--name", "ic", "--count", "1", "--subnet", cidr);
        }
        for (String mtu : List.of("67", "65536")) {
            fails(List.of("mtu", mtu), "pool", "create", "--name", "im", "--count", "1", "--mtu", mtu);
        }
    }

    @Test
    void aDeclarationWithASyntaxErrorIsReportedWithItsFileAndLine() throws IOException {
        Files.createDirectories(dir);
        Path bad = dir.resolve("se.yaml");
        Files.writeString(bad, "pool: se\ncount: 2\nsubnet: [10.96.0.0/28\nmtu: 1500\n", StandardCharsets.UTF_8);
        Cli.Result r = fails(List.of("se.yaml"), "pool", "apply");
        assertThat(r.err()).as("the line of the error").containsPattern("line [3-5]");
        assertThat(Files.readString(bad)).as("the declaration is left as written").startsWith("pool: se\n");
    }

    @Test
    void twoDeclarationsOfOnePoolAreRefused() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("one.yaml"), "pool: dup\ncount: 1\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("two.yaml"), "pool: dup\ncount: 2\n", StandardCharsets.UTF_8);
        fails(List.of("dup", "one.yaml", "two.yaml"), "pool", "apply");
    }

    /**
     * Two declared pools; the first is fine, the second passes every check taplease makes before it changes
     * anything but fails in the kernel (an MTU the tap driver rejects: above its maximum of 65535 minus the Ethernet
     * header): the whole apply is undone, including the first pool's taps and addresses.
     */
    @Test
    void anApplyThatFailsInTheKernelIsRolledBackWhole() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a.yaml"), "pool: pa\ncount: 2\nsubnet: 10.97.0.0/29\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.yaml"), "pool: pb\ncount: 1\nmtu: 65535\n", StandardCharsets.UTF_8);
        Cli.Result r = fails(List.of("could not set MTU 65535 on new member pb0", "were undone", "at most 65521"), "pool",
                "apply");
        assertThat(r.err()).doesNotContain("nothing to change");
        assertThat(members("pa")).as("pool pa rolled back").isEmpty();
        assertThat(Kernel.links()).noneMatch(l -> l.startsWith("pa") || l.startsWith("pb"));
        // the declarations stay: fixing b.yaml and applying again makes both
        Files.writeString(dir.resolve("b.yaml"), "pool: pb\ncount: 1\nmtu: 9000\n", StandardCharsets.UTF_8);
        ok("pool", "apply");
        assertThat(members("pa")).containsOnlyKeys("pa0", "pa1");
        assertThat(members("pb")).containsOnlyKeys("pb0");
        assertThat(Kernel.run("cat", "/sys/class/net/pb0/mtu").trim()).isEqualTo("9000");
    }
}
