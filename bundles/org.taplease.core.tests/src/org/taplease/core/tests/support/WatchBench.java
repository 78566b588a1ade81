package org.taplease.core.tests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.taplease.core.PoolSpec;
import org.taplease.core.TapEvent;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.TapWatch;

/**
 * Measures the watch (issue 16), run by {@code releng/bench-watch.sh} as root inside a namespace of its own: the time
 * from another process's attach to the event in core ({@link TapService#watch}) and to the line of a running
 * {@code taplease list --watch}, both fed by the same attaches; and the CPU of an idle {@code list --watch}.
 * <p>
 * {@code latency N GAP_MS CLI...}: N attach/detach cycles of a worker process ({@link LeaseWorker} {@code step}); the
 * attach's time is taken in the worker right before its attach call (System.nanoTime: CLOCK_MONOTONIC, comparable
 * across processes), the event's when the listener gets it, the line's when this process reads it from the
 * pipe. After each detach it waits GAP_MS before the next attach (0: at once). Prints median, p90, p99, max.
 * <p>
 * {@code idle TAPS SECONDS CLI...}: TAPS taps, {@code list --watch} started and its present lines read, then its
 * utime+stime from /proc/PID/stat over the next 10 s (the kernel still sends the link messages of the pool just made)
 * and over SECONDS idle seconds after that.
 */
public final class WatchBench {

    /** The interval after {@code list --watch} printed its taps before the idle window of {@code idle}. */
    private static final int SETTLE_SECONDS = 10;

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        List<String> cli = Arrays.asList(args).subList(3, args.length);
        switch (args[0]) {
        case "latency" -> latency(Integer.parseInt(args[1]), Long.parseLong(args[2]), cli, out);
        case "idle" -> idle(Integer.parseInt(args[1]), Integer.parseInt(args[2]), cli, out);
        default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void latency(int n, long gapMs, List<String> cli, PrintStream out) throws Exception {
        TapService taps = TapServices.forPlatform();
        taps.provisionPool(new PoolSpec("wbench", 1, null, null));
        BlockingQueue<Long> coreEvents = new LinkedBlockingQueue<>();
        List<BlockingQueue<Long>> cliLines = new ArrayList<>();
        List<Process> clis = new ArrayList<>();
        for (boolean holders : new boolean[] { true, false }) {
            List<String> cmd = new ArrayList<>(cli);
            cmd.addAll(List.of("list", "--watch", "--pool", "wbench"));
            if (!holders) {
                cmd.add("--no-holders");
            }
            Process watchCli = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            clis.add(watchCli);
            BlockingQueue<Long> lines = new LinkedBlockingQueue<>();
            cliLines.add(lines);
            BufferedReader cliOut = new BufferedReader(
                    new InputStreamReader(watchCli.getInputStream(), StandardCharsets.UTF_8));
            if (!cliOut.readLine().contains(" present ")) {
                throw new IllegalStateException("list --watch did not start");
            }
            Thread reader = new Thread(() -> {
                try {
                    for (String l; (l = cliOut.readLine()) != null;) {
                        if (l.contains(" attached ")) {
                            lines.add(System.nanoTime());
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "bench-cli-reader");
            reader.setDaemon(true);
            reader.start();
        }
        Process worker = new ProcessBuilder(ChildJvm.command(
                ChildJvm.classPath(LeaseWorker.class, TapService.class, com.sun.jna.Native.class),
                LeaseWorker.class.getName(), "step", "wbench0")).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader workerOut = new BufferedReader(
                new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        Writer workerIn = new java.io.OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8);
        long[] core = new long[n];
        long[] line = new long[n];
        long[] bare = new long[n];
        try (TapWatch w = taps.watch(events -> {
            long now = System.nanoTime();
            for (TapEvent e : events) {
                if (e.kind() == TapEvent.Kind.ATTACHED && e.tap().name().equals("wbench0")) {
                    coreEvents.add(now);
                }
            }
        })) {
            for (int i = 0; i < n; i++) {
                workerIn.write("a\n");
                workerIn.flush();
                long t0 = Long.parseLong(workerOut.readLine().substring(2));
                Long ce = coreEvents.poll(120, TimeUnit.SECONDS);
                Long cl = cliLines.get(0).poll(120, TimeUnit.SECONDS);
                Long cb = cliLines.get(1).poll(120, TimeUnit.SECONDS);
                if (ce == null || cl == null || cb == null) {
                    throw new IllegalStateException("no event for attach " + i);
                }
                core[i] = ce - t0;
                line[i] = cl - t0;
                bare[i] = cb - t0;
                workerIn.write("r\n");
                workerIn.flush();
                workerOut.readLine();
                if (gapMs > 0) {
                    Thread.sleep(gapMs); // pacing of the benchmark: past the kernel's link watch interval
                }
            }
            out.printf(Locale.ROOT, "resyncs %d%n", w.resyncs());
        } finally {
            workerIn.close();
            worker.waitFor(10, TimeUnit.SECONDS);
            for (Process c : clis) {
                c.destroy();
                c.waitFor(10, TimeUnit.SECONDS);
            }
            Kernel.removeAllPools(taps);
        }
        out.println("attach -> core event:       " + stats(core));
        out.println("attach -> list --watch line (holder looked up): " + stats(line));
        out.println("attach -> list --watch --no-holders line:       " + stats(bare));
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "n %d, median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", s.length,
                pct(s, 50), pct(s, 90), pct(s, 99), s[s.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, int p) {
        double rank = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return (sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo)) / 1e6;
    }

    private static void idle(int count, int seconds, List<String> cli, PrintStream out) throws Exception {
        TapService taps = TapServices.forPlatform();
        taps.provisionPool(new PoolSpec("widle", count, null, null));
        List<String> cmd = new ArrayList<>(cli);
        cmd.addAll(List.of("list", "--watch", "--no-holders"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < count; i++) {
                r.readLine();
            }
            long hz = 100; // USER_HZ
            // first the kernel's own tail: making the pool queued link messages that the link watch sends over the
            // next seconds, and the watch diffs (and drops) each
            long settle0 = cpuTicks(p.pid());
            Thread.sleep(SETTLE_SECONDS * 1000L); // a measured interval, reported below
            long before = cpuTicks(p.pid());
            out.printf(Locale.ROOT, "list --watch, %d taps, the %d s after its start: utime+stime %d ticks (%.0f ms)%n",
                    count, SETTLE_SECONDS, before - settle0, (before - settle0) * 1000.0 / hz);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L); // the idle interval being measured
            long after = cpuTicks(p.pid());
            double wall = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "list --watch, %d taps, idle %.1f s: utime+stime %d ticks (%.0f ms), %.3f%% of"
                    + " one CPU%n", count, wall, after - before, (after - before) * 1000.0 / hz,
                    (after - before) * 100.0 / hz / wall);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            Kernel.removeAllPools(taps);
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private WatchBench() {
    }
}
