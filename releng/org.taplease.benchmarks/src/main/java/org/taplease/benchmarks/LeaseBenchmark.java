package org.taplease.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;

/**
 * Lease + release through taplease. bench.sh prepares the network namespace: a pool {@code pool} of N taps, all but
 * one held by another process, and {@code tap} a free tap for the named lease.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LeaseBenchmark {

    @Param("bench")
    public String pool;

    @Param("bench0")
    public String tap;

    private TapService taps;

    @Setup
    public void setup() {
        taps = TapServices.forPlatform();
    }

    /**
     * Any free tap of the pool, as a long-lived process (the IDE) does it: the service remembers the tap it released
     * last and tries it first (a hint; the kernel's trial attach decides), so a warm lease needs no dump.
     */
    @Benchmark
    public String leasePool() {
        try (TapLease l = taps.lease(LeaseRequest.fromPool(pool))) {
            return l.name();
        }
    }

    /**
     * Any free tap of the pool from a fresh service, as a fresh process (the CLI) does it: no in-process hint, so the
     * shared hints of this user's processes (the tap released last, verified by one link lookup), else one netlink dump
     * of all links with candidates ordered by the kernel's attach state; trial attach, reset, close. Before the shared
     * hints (issue 16) this was always the dump.
     */
    @Benchmark
    public String leasePoolCold() {
        try (TapLease l = TapServices.forPlatform().lease(LeaseRequest.fromPool(pool))) {
            return l.name();
        }
    }

    /** One named tap: if_nametoindex, trial attach, reset, close (the counterpart of the C floor). */
    @Benchmark
    public String leaseNamed() {
        try (TapLease l = taps.lease(LeaseRequest.named(tap))) {
            return l.name();
        }
    }
}
