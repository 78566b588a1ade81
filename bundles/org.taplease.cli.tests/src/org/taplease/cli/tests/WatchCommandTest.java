package org.taplease.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.ChildJvm;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.LeaseWorker;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code taplease list --watch} as a separate process while other processes attach and detach real taps: one line
 * per change, in order, with the holder; JSON lines; SIGTERM and SIGINT end it with status 0 and nothing on stderr.
 */
@ExtendWith(NoLeaks.class)
class WatchCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TapService taps = TapServices.forPlatform();
    @RegisterExtension
    final ChildJvm.Started started = new ChildJvm.Started(taps);

    /** A process and the lines it printed so far, read by a thread. */
    private record Running(Process process, List<String> out, List<String> err) {
        List<String> matching(String contains) {
            return out.stream().filter(l -> l.contains(contains)).toList();
        }
    }

    private Running start(List<String> command) throws IOException {
        Process p = started.start(new ProcessBuilder(command));
        Running r = new Running(p, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        pump(p.getInputStream(), r.out());
        pump(p.getErrorStream(), r.err());
        return r;
    }

    private static void pump(InputStream in, List<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader b = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = b.readLine()) != null;) {
                    into.add(line);
                }
            } catch (IOException e) {
                into.add("(read failed: " + e + ")");
            }
        }, "test-output-reader");
        t.setDaemon(true);
        t.start();
    }

    private Running holder(String tap) throws IOException {
        Running h = start(LeaseWorker.command("hold", "tap", tap));
        Waits.until(WAIT, "the worker to lease " + tap, () -> h.out().contains("LEASED " + tap));
        return h;
    }

    private static void release(Running holder) throws IOException, InterruptedException {
        holder.process().getOutputStream().close();
        assertThat(holder.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    /** Ends the watch with {@code signal}; it must exit 0 with nothing on stderr. */
    private static void stop(Running watch, String signal) throws InterruptedException {
        Kernel.run("kill", "-" + signal, Long.toString(watch.process().pid()));
        assertThat(watch.process().waitFor(20, TimeUnit.SECONDS)).as("the watch ends on SIG" + signal).isTrue();
        assertThat(watch.process().exitValue()).as("exit status after SIG" + signal).isZero();
        Waits.until(WAIT, "stderr to be read", () -> !watch.process().isAlive());
        assertThat(watch.err()).as("stderr after SIG" + signal).isEmpty();
    }

    @Test
    void linesAppearInOrderWithTheHolderAndSigtermEndsItCleanly() throws Exception {
        taps.provisionPool(new PoolSpec("cw", 2, null, null));
        Running watch = start(Cli.command("list", "--watch", "--pool", "cw"));
        Waits.until(WAIT, Waits.POLL, () -> "the present lines, got " + watch.out() + watch.err(),
                () -> watch.matching(" present ").size() == 2);
        assertThat(watch.out()).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} cw[01] present free"));

        for (int round = 0; round < 3; round++) {
            Running h = holder("cw1");
            long pid = h.process().pid();
            Waits.until(WAIT, Waits.POLL, () -> "attached line, got " + watch.out(),
                    () -> watch.matching("cw1 attached").size() == watch.matching("cw1 detached").size() + 1);
            List<String> attached = watch.matching("cw1 attached");
            assertThat(attached.get(attached.size() - 1)).endsWith(" cw1 attached held by java (pid " + pid + ")");
            release(h);
            Waits.until(WAIT, Waits.POLL, () -> "detached line, got " + watch.out(),
                    () -> watch.matching("cw1 detached").size() == watch.matching("cw1 attached").size());
        }
        List<String> cw1 = watch.matching(" cw1 ").stream().filter(l -> !l.contains(" present ")).toList();
        assertThat(cw1).hasSize(6);
        for (int i = 0; i < cw1.size(); i++) {
            assertThat(cw1.get(i)).contains(i % 2 == 0 ? "cw1 attached held by java (pid" : "cw1 detached free");
        }

        Kernel.run("ip", "link", "set", "cw0", "mtu", "1400");
        Waits.until(WAIT, Waits.POLL, () -> "changed line, got " + watch.out(),
                () -> !watch.matching("cw0 changed free: mtu 1400").isEmpty());
        Kernel.run("ip", "tuntap", "add", "dev", "other0", "mode", "tap"); // not in pool cw: filtered out
        Kernel.run("ip", "tuntap", "del", "dev", "other0", "mode", "tap");
        taps.removePool("cw");
        Waits.until(WAIT, Waits.POLL, () -> "removed lines, got " + watch.out(),
                () -> watch.matching(" removed ").size() == 2);
        assertThat(watch.matching("other0")).isEmpty();
        stop(watch, "TERM");
    }

    @Test
    void jsonLinesParseAndSigintEndsItCleanly() throws Exception {
        taps.provisionPool(new PoolSpec("cj", 1, null, null));
        Running watch = start(Cli.command("list", "--watch", "--json", "--pool", "cj"));
        Waits.until(WAIT, Waits.POLL, () -> "the present line, got " + watch.out() + watch.err(),
                () -> watch.out().size() == 1);
        Running h = holder("cj0");
        Waits.until(WAIT, Waits.POLL, () -> "attached, got " + watch.out(), () -> watch.out().size() == 2);
        release(h);
        Waits.until(WAIT, Waits.POLL, () -> "detached, got " + watch.out(), () -> watch.out().size() == 3);
        List<JsonObject> lines = watch.out().stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertThat(lines).extracting(o -> o.get("event").getAsString())
                .containsExactly("present", "attached", "detached");
        JsonObject attached = lines.get(1).getAsJsonObject("tap");
        assertThat(attached.get("name").getAsString()).isEqualTo("cj0");
        assertThat(attached.get("state").getAsString()).isEqualTo("held");
        assertThat(attached.getAsJsonArray("holders").get(0).getAsJsonObject().get("pid").getAsLong())
                .isEqualTo(h.process().pid());
        assertThat(lines.get(2).getAsJsonObject("tap").get("state").getAsString()).isEqualTo("free");
        assertThat(lines).allMatch(o -> !o.get("resync").getAsBoolean() && o.has("time"));
        stop(watch, "INT");
    }
}
