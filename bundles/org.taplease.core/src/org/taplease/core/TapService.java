package org.taplease.core;

import java.util.List;
import java.util.Optional;

/**
 * Lists, leases and provisions tap interfaces of the current network namespace.
 * <p>
 * A lease is an open file descriptor attached to the tap: the kernel lets only one descriptor attach a single-queue
 * tap, so "free" is decided by a trial attach, and the lease ends when the descriptor is closed or its process dies.
 * Obtain an instance with {@link TapServices#forPlatform()} in plain Java, or as the OSGi service {@code TapService}.
 * Implementations are thread-safe.
 */
public interface TapService {

    /**
     * Every tap of the current network namespace, sorted by name.
     *
     * @param withHolders also find the processes holding each attached tap ({@code /proc} scan; slower)
     */
    List<TapInfo> inventory(boolean withHolders);

    /** The tap named {@code name}, if it exists and is a tap. */
    Optional<TapInfo> tap(String name, boolean withHolders);

    /**
     * Leases a tap: attaches it and returns the attached descriptor as a lease.
     *
     * @throws TapException with {@link TapException.Reason#BUSY}, {@link TapException.Reason#POOL_EXHAUSTED},
     *         {@link TapException.Reason#PERMISSION}, ... and nothing changed
     */
    TapLease lease(LeaseRequest request);

    /**
     * Hands a free tap over by name: leases it as {@link #lease} does (the kernel picks a free one), closes the lease,
     * and keeps taplease's allocators off the tap until the returned hand-over ends. For programs that open the tap
     * themselves and take no descriptor.
     *
     * @throws TapException as {@link #lease}, or BUSY if another hand-over of the tap is in progress
     */
    NameHandoff handOverByName(LeaseRequest request);

    /**
     * Provisions (or tops up) a pool of persistent taps labelled as taplease's, with its network: as
     * {@link #applyPools} for this one pool, but surplus members are kept. Needs CAP_NET_ADMIN.
     */
    PoolReport provisionPool(PoolSpec spec);

    /**
     * Makes the system match the declared pools: creates missing members; restores the address, MTU, bridge
     * membership, owner/group and MAC of labelled members; deletes free surplus members of a pool whose count went
     * down (held ones are kept and reported). Never touches an interface without taplease's label, and never creates,
     * changes or deletes a bridge. Every declaration is checked before anything changes; a failure part-way is rolled
     * back. A second call with the same declarations changes nothing. Needs CAP_NET_ADMIN unless nothing is to change.
     *
     * @throws TapException with INVALID_REQUEST for a declaration that cannot be applied (missing bridge, subnet too
     *         small or overlapping, ...), and nothing changed
     */
    ApplyReport applyPools(List<PoolSpec> declared);

    /** The pools present in the current network namespace. */
    List<PoolInfo> pools();

    /** Deletes the free taps of a pool; taps that are held are kept and reported. Needs CAP_NET_ADMIN. */
    PoolRemoval removePool(String pool);

    /** Deletes one free tap that carries taplease's pool label. Needs CAP_NET_ADMIN. */
    void deleteTap(String name);

    /**
     * Watches the taps of the current network namespace: the kernel's link notifications, turned into
     * {@link TapEvent}s and delivered to {@code listener} on the watch's own thread until the watch is closed. Lost
     * notifications (a full socket queue) are caught up with one listing. No polling: while nothing changes, the watch
     * uses no CPU. Needs no privileges.
     *
     * @throws TapException if the kernel offers no notifications (then poll {@link #inventory})
     * @since 1.2
     */
    TapWatch watch(TapListener listener);

    /**
     * Checks this user's set-up ({@code taplease doctor}): the tun/tap device node and driver, whether this user may
     * attach each pool's taps, stale or refused hand-over locks, taps that look leaked, whether the declared pools are
     * applied (without applying them) and the pools unit, the JDK. Changes nothing and needs no privileges. Makes
     * system calls: call it off the UI thread.
     *
     * @since 1.2
     */
    Checkup checkup();

    /** A short name of the backend, e.g. {@code linux}. */
    String backend();
}
