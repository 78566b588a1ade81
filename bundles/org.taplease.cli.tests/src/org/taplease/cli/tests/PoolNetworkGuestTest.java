package org.taplease.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.TapInfo;
import org.taplease.core.TapNetwork;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Pools that carry their network, proven with real guests: QEMU started by {@code taplease run} boots the test guest
 * on a leased member, and the guest configures itself only from what the lease hands over (the kernel's {@code ip=}
 * argument built from {@code {guest_ip}}, {@code {host_ip}}, {@code {netmask}}; the NIC's MAC from {@code {mac}}).
 */
@ExtendWith(NoLeaks.class)
class PoolNetworkGuestTest {

    private static final Duration GUEST = Duration.ofSeconds(TestGuest.QEMU_TIMEOUT_SECONDS);

    private final TapService taps = TapServices.forPlatform();
    private final List<Process> started = new ArrayList<>();
    private final Map<Process, Path> outputs = new HashMap<>();
    private final List<String> pools = new ArrayList<>();
    private final List<String> bridges = new ArrayList<>();
    private Path configDir;

    @AfterEach
    void cleanup() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        for (String pool : pools) {
            Cli.run("pool", "delete", "--name", pool, "--config-dir", configDir.toString());
        }
        Kernel.removeAllPools(taps);
        // the pool first, then the bridge it used (taplease never deletes bridges)
        for (String b : bridges) {
            Kernel.exec("ip", "link", "del", b);
        }
    }

    /** {@code taplease run ARGS}; standard output (the guest's serial console) and error go to files. */
    private Process start(Path tmp, String name, List<String> args) throws IOException {
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        Process p = new ProcessBuilder(Cli.command(args.toArray(String[]::new))).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        p.getOutputStream().close();
        started.add(p);
        outputs.put(p, out);
        return p;
    }

    private String console(Process p) {
        return TestGuest.read(outputs.get(p));
    }

    private String stderr(Process p) {
        return TestGuest.read(outputs.get(p).resolveSibling(outputs.get(p).getFileName().toString()
                .replace(".out", ".err")));
    }

    private static JsonArray listJson() {
        Cli.Result r = Cli.run("list", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JsonParser.parseString(r.out()).getAsJsonArray();
    }

    private static JsonObject member(JsonArray list, String name) {
        for (JsonElement e : list) {
            if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("no tap " + name + " in " + list);
    }

    /** The member of {@code pool} that QEMU holds, once it does. */
    private Optional<TapInfo> heldByQemu(String pool) {
        return taps.inventory(true).stream().filter(t -> pool.equals(t.pool()))
                .filter(t -> t.holders().stream().anyMatch(h -> h.program().equals("qemu-system-x86_64"))).findFirst();
    }

    @Test
    void aGuestConfiguredOnlyFromTheLeaseReachesTheHostAddressOfItsRoutedMember(@TempDir Path tmp) throws Exception {
        configDir = tmp.resolve("pools.d");
        pools.add("rt");
        Cli.Result created = Cli.run("pool", "create", "--name", "rt", "--count", "2", "--subnet", "10.88.0.0/28",
                "--config-dir", configDir.toString());
        assertThat(created.code()).as(created.err()).isZero();

        // each member its own /30 inside 10.88.0.0/28: distinct host addresses, the guest's beside them
        JsonArray list = listJson();
        List<String> hosts = new ArrayList<>();
        for (String m : List.of("rt0", "rt1")) {
            JsonObject net = member(list, m).getAsJsonObject("network");
            String host = net.get("hostAddress").getAsString();
            assertThat(host).as("%s's host address", m).startsWith("10.88.0.");
            assertThat(Integer.parseInt(host.substring("10.88.0.".length()))).as("%s's host address", m).isBetween(1, 14);
            assertThat(net.get("prefix").getAsInt()).isEqualTo(30);
            assertThat(net.get("netmask").getAsString()).isEqualTo("255.255.255.252");
            assertThat(net.get("guestAddress").getAsString()).startsWith("10.88.0.").isNotEqualTo(host);
            hosts.add(host);
        }
        assertThat(hosts).doesNotHaveDuplicates();

        // the guest's whole network configuration comes from the lease: no address is typed here
        String token = "rt-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> run = new ArrayList<>(List.of("run", "--pool", "rt", "--"));
        run.addAll(TestGuest.qemu("ip={guest_ip}::{host_ip}:{netmask}::eth0:off taplease.token=" + token
                + " taplease.count=90"));
        Process p = start(tmp, "rt", run);
        Waits.until(GUEST, Duration.ofMillis(100), "QEMU to hold a member of rt",
                () -> !p.isAlive() || heldByQemu("rt").isPresent());
        assertThat(p.isAlive()).as("taplease run still running; stderr: %s", p.isAlive() ? "" : stderr(p)).isTrue();
        TapInfo tap = heldByQemu("rt").orElseThrow();
        TapNetwork net = tap.network();
        assertThat(net.routed()).as("%s carries a routed network: %s", tap.name(), net).isTrue();
        long rxBefore = tap.stats().rxPackets();

        // the listener is bound to the host address the lease reports, and to the member's tap
        try (DeviceListener listener = new DeviceListener(tap.name(), net.hostAddress(), 7777)) {
            DeviceListener.Received got = listener.next(GUEST);
            assertThat(got).as("a token from the guest on %s; console:%n%s%nstderr:%n%s", tap.name(), console(p),
                    stderr(p)).isNotNull();
            assertThat(got.line()).isEqualTo("TAPLEASE-TOKEN " + token + " " + net.guestMac());
            assertThat(got.from()).as("the guest's source address").isEqualTo(net.guestAddress());
        }
        assertThat(taps.tap(tap.name(), false).orElseThrow().stats().rxPackets()).isGreaterThan(rxBefore);
        assertThat(p.waitFor(GUEST.toSeconds(), TimeUnit.SECONDS)).as("the guest powers off").isTrue();
        assertThat(console(p)).contains("TAPLEASE-NET dev=eth0 ip=" + net.guestAddress() + "/30 gw=" + net.hostAddress())
                .contains("TAPLEASE-GUEST-DONE token=" + token + " sent=yes");
        assertThat(p.exitValue()).as("stderr: %s", stderr(p)).isZero();
        Waits.until(Duration.ofSeconds(10), tap.name() + " free", () -> taps.tap(tap.name(), false).orElseThrow().free());
    }

    @Test
    void twoGuestsOnTwoMembersOfABridgedPoolReachEachOtherThroughTheBridge(@TempDir Path tmp) throws Exception {
        configDir = tmp.resolve("pools.d");
        bridges.add("brT");
        Kernel.run("ip", "link", "add", "brT", "type", "bridge");
        Kernel.run("ip", "link", "set", "brT", "up");
        pools.add("bg");
        Cli.Result created = Cli.run("pool", "create", "--name", "bg", "--count", "2", "--bridge", "brT",
                "--config-dir", configDir.toString());
        assertThat(created.code()).as(created.err()).isZero();
        JsonArray list = listJson();
        for (String m : List.of("bg0", "bg1")) {
            assertThat(member(list, m).getAsJsonObject("network").get("bridge").getAsString()).isEqualTo("brT");
        }
        assertThat(member(list, "bg0").getAsJsonObject("network").get("guestMac").getAsString())
                .isNotEqualTo(member(list, "bg1").getAsJsonObject("network").get("guestMac").getAsString());

        String token = "bg-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> a = new ArrayList<>(List.of("run", "--pool", "bg", "--"));
        a.addAll(TestGuest.qemu("ip=192.168.77.10:::255.255.255.0::eth0:off taplease.token=listener"
                + " taplease.listen=7000 taplease.wait=" + (GUEST.toSeconds() - 20)));
        Process listener = start(tmp, "listener", a);
        Waits.until(GUEST, Duration.ofMillis(100), "QEMU to hold a member of bg",
                () -> !listener.isAlive() || heldByQemu("bg").isPresent());
        List<String> b = new ArrayList<>(List.of("run", "--pool", "bg", "--"));
        b.addAll(TestGuest.qemu("ip=192.168.77.11:::255.255.255.0::eth0:off taplease.token=" + token
                + " taplease.peer=192.168.77.10 taplease.port=7000 taplease.count=120"));
        Process sender = start(tmp, "sender", b);

        Waits.until(GUEST, Duration.ofMillis(200), () -> "the listening guest to print the token; listener console:\n"
                + console(listener) + "\nsender console:\n" + console(sender),
                () -> console(listener).contains("TAPLEASE-RECEIVED") || !listener.isAlive());
        assertThat(console(listener)).as("listener console; sender console:%n%s", console(sender))
                .containsPattern("TAPLEASE-RECEIVED TAPLEASE-TOKEN " + token + " ([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(listener.waitFor(GUEST.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(sender.waitFor(GUEST.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(console(sender)).contains("TAPLEASE-GUEST-DONE token=" + token + " sent=yes");
        // each guest used the MAC its lease handed over, and the two members are distinct
        String senderMac = console(sender).lines().filter(l -> l.startsWith("TAPLEASE-NET")).findFirst().orElseThrow()
                .replaceAll(".* mac=", "");
        assertThat(console(listener)).contains("TAPLEASE-TOKEN " + token + " " + senderMac);
        JsonArray after = listJson();
        assertThat(List.of(member(after, "bg0").getAsJsonObject("network").get("guestMac").getAsString(),
                member(after, "bg1").getAsJsonObject("network").get("guestMac").getAsString())).contains(senderMac);
        assertThat(listener.exitValue()).as(stderr(listener)).isZero();
        assertThat(sender.exitValue()).as(stderr(sender)).isZero();
    }
}
