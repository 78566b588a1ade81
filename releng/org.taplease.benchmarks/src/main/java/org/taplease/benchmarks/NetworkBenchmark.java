package org.taplease.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.taplease.core.ApplyReport;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;

/**
 * Pools that carry their network (issue 14). bench.sh prepares a namespace per measurement:
 * <ul>
 * <li>{@link #applyNothingToChange}: a routed pool {@code apply} of {@code applyCount} members carved from
 * {@code applySubnet}, created by {@code taplease pool create}; every call re-applies that declaration, which
 * finds nothing to change (checked once in the setup: otherwise the figure would measure something else);</li>
 * <li>{@link #leaseRoutedPool}, {@link #leaseRoutedPoolWithNetwork}: a routed pool {@code routed} of one member (the
 * counterpart of LeaseBenchmark.leasePool on a pool without network, run in the same namespace).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NetworkBenchmark {

    @Param("apply")
    public String applyPool;

    @Param("64")
    public int applyCount;

    @Param("10.201.0.0/24")
    public String applySubnet;

    @Param("routed")
    public String routedPool;

    private TapService taps;
    private List<PoolSpec> declared;

    @Setup
    public void setup() {
        taps = TapServices.forPlatform();
        declared = List.of(new PoolSpec(applyPool, applyCount, null, null)
                .withNetwork(PoolNetwork.routed(applySubnet)));
    }

    /** {@code TapService.applyPools} of a declaration the system already matches, in a long-lived process. */
    @Benchmark
    public ApplyReport applyNothingToChange() {
        ApplyReport r = taps.applyPools(declared);
        if (!r.unchanged()) {
            throw new IllegalStateException("apply changed something, the measurement is void: " + r);
        }
        return r;
    }

    /** Lease + release of the member of a routed pool of one (the pool's network is not read). */
    @Benchmark
    public String leaseRoutedPool() {
        try (TapLease l = taps.lease(LeaseRequest.fromPool(routedPool))) {
            return l.name();
        }
    }

    /** Lease + release of the member of a routed pool of one, reading its network as {@code taplease run} does. */
    @Benchmark
    public String leaseRoutedPoolWithNetwork() {
        try (TapLease l = taps.lease(LeaseRequest.fromPool(routedPool))) {
            return l.network().hostAddress();
        }
    }
}
