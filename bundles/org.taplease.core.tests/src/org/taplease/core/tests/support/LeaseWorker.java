package org.taplease.core.tests.support;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.taplease.core.LeaseRequest;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;

/**
 * A separate process for multi-process tests. Prints one line per event on standard output.
 * <ul>
 * <li>{@code churn POOL MILLIS SEED}: leases from POOL in a loop for MILLIS ms, holding each 1-15 ms; prints
 * {@code L tap t0 t1} per lease (System.nanoTime, CLOCK_MONOTONIC: comparable across processes) and
 * {@code R REASON} per refusal, {@code E message} on anything else.</li>
 * <li>{@code hold pool|tap NAME}: leases, prints {@code LEASED tap}, holds until standard input closes.</li>
 * <li>{@code once pool|tap NAME}: leases and releases, prints {@code OK tap} or {@code ERR REASON message}.</li>
 * <li>{@code list}: prints {@code name owner group pool state} per tap.</li>
 * <li>{@code flap NAME N}: attaches and detaches tap NAME N times as fast as it can, prints {@code DONE N}.</li>
 * <li>{@code step NAME}: per line on standard input, {@code a} attaches NAME and prints {@code A t}, {@code r}
 * detaches it and prints {@code R t} ({@code t}: System.nanoTime right before the attach or detach call), until
 * standard input closes.</li>
 * </ul>
 */
public final class LeaseWorker {

    /** The command line of a child JVM that runs this worker with {@code args}. */
    public static List<String> command(String... args) {
        return ChildJvm.command(ChildJvm.classPath(LeaseWorker.class, TapService.class, com.sun.jna.Native.class),
                LeaseWorker.class.getName(), args);
    }

    public static void main(String[] args) throws IOException {
        TapService s = TapServices.forPlatform();
        switch (args[0]) {
        case "churn" -> churn(s, args[1], Long.parseLong(args[2]), Long.parseLong(args[3]));
        case "hold" -> {
            try (TapLease l = s.lease(request(args[1], args[2]))) {
                System.out.println("LEASED " + l.name());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold until stdin closes
                }
            } catch (TapException e) {
                System.out.println("ERR " + e.reason() + " " + e.getMessage());
            }
        }
        case "once" -> {
            try (TapLease l = s.lease(request(args[1], args[2]))) {
                System.out.println("OK " + l.name());
            } catch (TapException e) {
                System.out.println("ERR " + e.reason() + " " + e.getMessage());
            }
        }
        case "list" -> {
            try {
                List<TapInfo> taps = s.inventory(true);
                for (TapInfo t : taps) {
                    System.out.println(t.name() + " " + t.owner() + " " + t.group() + " " + t.pool() + " "
                            + (t.attached() ? "held" : "free"));
                }
            } catch (TapException e) {
                System.out.println("ERR " + e.reason() + " " + e.getMessage());
            }
        }
        case "flap" -> {
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                s.lease(LeaseRequest.named(args[1])).close();
            }
            System.out.println("DONE " + n);
        }
        case "step" -> step(s, args[1]);
        default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
    }

    private static void step(TapService s, String name) throws IOException {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        TapLease held = null;
        try {
            for (String line; (line = in.readLine()) != null;) {
                long t = System.nanoTime();
                if (line.equals("a") && held == null) {
                    held = s.lease(LeaseRequest.named(name));
                    System.out.println("A " + t);
                } else if (line.equals("r") && held != null) {
                    held.close();
                    held = null;
                    System.out.println("R " + t);
                }
                System.out.flush();
            }
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }

    private static LeaseRequest request(String kind, String name) {
        return "tap".equals(kind) ? LeaseRequest.named(name) : LeaseRequest.fromPool(name);
    }

    private static void churn(TapService s, String pool, long millis, long seed) {
        Random rnd = new Random(seed);
        long end = System.nanoTime() + millis * 1_000_000L;
        StringBuilder out = new StringBuilder();
        while (System.nanoTime() < end) {
            try (TapLease l = s.lease(LeaseRequest.fromPool(pool))) {
                long t0 = System.nanoTime();
                sleep(1 + rnd.nextInt(15));
                long t1 = System.nanoTime();
                out.append("L ").append(l.name()).append(' ').append(t0).append(' ').append(t1).append('\n');
            } catch (TapException e) {
                out.append("R ").append(e.reason()).append('\n');
                sleep(rnd.nextInt(3));
            } catch (RuntimeException e) {
                out.append("E ").append(e).append('\n');
            }
        }
        System.out.print(out);
    }

    /** Random jitter between leases, on purpose: the churn under test, not a wait for anything. */
    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
