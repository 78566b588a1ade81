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
import org.taplease.core.TapInfo;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;

/** The inventory of every tap in the namespace, with and without the /proc holder scan. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InventoryBenchmark {

    @Param({ "false", "true" })
    public boolean holders;

    private TapService taps;

    @Setup
    public void setup() {
        taps = TapServices.forPlatform();
    }

    @Benchmark
    public List<TapInfo> inventory() {
        return taps.inventory(holders);
    }
}
