package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.ChildJvm;
import org.taplease.core.tests.support.LeaseWorker;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;

/** Competing processes: the kernel's trial attach keeps every tap to one holder at a time. */
@ExtendWith(NoLeaks.class)
class MultiProcessKernelTest {

    private final TapService taps = TapServices.forPlatform();
    @RegisterExtension
    final ChildJvm.Started started = new ChildJvm.Started(taps);

    private record Interval(String tap, long t0, long t1, int worker) {
    }

    @Test
    void competingProcessesNeverShareATapAndEveryRefusalIsExhausted() throws Exception {
        int poolSize = 3;
        int workers = 6;
        long millis = 4000;
        taps.provisionPool(new PoolSpec("mp", poolSize, null, null));
        List<Process> procs = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Process p = started.start(
                    new ProcessBuilder(LeaseWorker.command("churn", "mp", Long.toString(millis), Integer.toString(i)))
                            .redirectError(ProcessBuilder.Redirect.INHERIT));
            procs.add(p);
        }
        List<Interval> leases = new ArrayList<>();
        Map<String, Integer> refusals = new HashMap<>();
        List<String> errors = new ArrayList<>();
        int[] perWorker = new int[workers];
        for (int i = 0; i < workers; i++) {
            Process p = procs.get(i);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("worker %d finished", i).isTrue();
            assertThat(p.exitValue()).as("worker %d exit status", i).isZero();
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(" ");
                switch (f[0]) {
                case "L" -> {
                    leases.add(new Interval(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), i));
                    perWorker[i]++;
                }
                case "R" -> refusals.merge(f[1], 1, Integer::sum);
                case "E" -> errors.add(line);
                default -> {
                    if (!line.isBlank()) {
                        errors.add("unexpected: " + line);
                    }
                }
                }
            }
        }
        assertThat(errors).as("failures other than a clean refusal").isEmpty();
        assertThat(refusals.keySet()).as("refusal reasons").isSubsetOf("POOL_EXHAUSTED");
        assertThat(refusals.getOrDefault("POOL_EXHAUSTED", 0)).as("with 6 workers on 3 taps some are refused")
                .isPositive();
        for (int i = 0; i < workers; i++) {
            assertThat(perWorker[i]).as("leases of worker %d", i).isPositive();
        }
        assertThat(leases.stream().map(Interval::tap).distinct().sorted().toList()).containsExactly("mp0", "mp1", "mp2");
        Map<String, List<Interval>> byTap = new HashMap<>();
        leases.forEach(l -> byTap.computeIfAbsent(l.tap(), k -> new ArrayList<>()).add(l));
        for (List<Interval> list : byTap.values()) {
            list.sort((a, b) -> Long.compare(a.t0(), b.t0()));
            for (int k = 1; k < list.size(); k++) {
                Interval prev = list.get(k - 1);
                Interval cur = list.get(k);
                assertThat(cur.t0()).as("%s: lease by worker %d began before worker %d released it", cur.tap(),
                        cur.worker(), prev.worker()).isGreaterThan(prev.t1());
            }
        }
        System.out.printf("multi-process: %d leases, %d refusals (exhausted) by %d workers on %d taps in %d ms%n",
                leases.size(), refusals.getOrDefault("POOL_EXHAUSTED", 0), workers, poolSize, millis);
        assertThat(taps.pools()).singleElement().satisfies(p -> assertThat(p.free()).isEqualTo(poolSize));
    }

    @Test
    void aHolderKilledWithSigkillFreesItsTapAtOnce() throws Exception {
        taps.provisionPool(new PoolSpec("kl", 1, null, null));
        Process holder = started.start(new ProcessBuilder(LeaseWorker.command("hold", "pool", "kl"))
                .redirectError(ProcessBuilder.Redirect.INHERIT));
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("LEASED kl0");
        TapInfo held = taps.tap("kl0", true).orElseThrow();
        assertThat(held.attached()).isTrue();
        assertThat(held.holders()).singleElement().satisfies(h -> {
            assertThat((long) h.pid()).isEqualTo(holder.pid());
            assertThat(h.command()).contains(LeaseWorker.class.getName()).contains("hold");
        });
        assertThat(held.describeState()).contains("(pid " + holder.pid() + ")");
        // the pool is exhausted while it lives
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("kl")))
                .hasFieldOrPropertyWithValue("reason", org.taplease.core.TapException.Reason.POOL_EXHAUSTED);
        holder.destroyForcibly(); // SIGKILL
        assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(holder.exitValue()).isEqualTo(128 + 9);
        // no grace period: the very next trial attach succeeds
        try (TapLease l = taps.lease(LeaseRequest.fromPool("kl"))) {
            assertThat(l.name()).isEqualTo("kl0");
        }
        Waits.until(Duration.ofSeconds(5), "kl0 free", () -> taps.tap("kl0", false).orElseThrow().free());
    }

    static String readAll(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
