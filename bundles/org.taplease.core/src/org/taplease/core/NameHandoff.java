package org.taplease.core;

import java.time.Duration;

/**
 * A free tap handed over by name, for programs that open the tap themselves and take no descriptor (bhyve, QEMU's
 * {@code ifname=}). Made by {@link TapService#handOverByName}: the tap was leased (so it was free), the lease closed,
 * and until this hand-over is closed every taplease allocator of the machine skips the tap (an advisory lock that a
 * program outside taplease does not see). Start the program with {@link #name()}, then call
 * {@link #awaitOpened}; close it if the program cannot be started.
 */
public interface NameHandoff extends AutoCloseable {

    /** The tap handed over. */
    String name();

    /** Its pool, or null. */
    String pool();

    /** The network the tap carries (read from the kernel when first asked), as {@link TapLease#network()}. */
    TapNetwork network();

    /**
     * Waits until some process has the tap open, {@code process} has exited, or {@code timeout} has passed, whichever
     * comes first, then ends the hand-over.
     *
     * @return whether the tap was open when the wait ended
     */
    boolean awaitOpened(Process process, Duration timeout);

    /** Ends the hand-over: taplease's allocators may lease the tap again. Idempotent. */
    @Override
    void close();
}
