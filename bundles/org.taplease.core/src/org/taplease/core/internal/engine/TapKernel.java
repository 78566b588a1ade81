package org.taplease.core.internal.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.taplease.core.Holder;
import org.taplease.core.PoolSpec;

/**
 * The system calls one operating system offers the {@link LeaseEngine}, and nothing more: list links, trial attach,
 * create, destroy, label, owner/group, holders. Every decision (which tap, in which order, what an error means to
 * the user) is the engine's. Failures are {@link KernelException}s classified by {@link KernelException.Failure}.
 * Implementations are thread-safe.
 */
public interface TapKernel {

    /** A short name of the kernel, e.g. {@code linux}. */
    String backend();

    /** Every interface of the current network namespace (taps with their state; counters only if {@code stats}). */
    List<KernelLink> links(boolean stats);

    /** One interface, or null if there is none of that name. */
    KernelLink link(String name);

    /** {@code if_nametoindex(3)}: 0 if there is no such interface. Never creates anything. */
    int index(String name);

    /**
     * The trial attach: attaches the tap {@code name} (listed with {@code index}) and returns the attached
     * descriptor, ready for a new holder (per-lease state reset, brought up where the platform needs that). The
     * kernel arbitrates: {@link KernelException.Failure#BUSY} if another descriptor holds it. Never creates a tap:
     * if the name vanished and the attempt made one, it is undone and the failure is {@code GONE}. Every failure path
     * closes the descriptor.
     *
     * @param listedAsTap the caller has just seen {@code name} listed (by {@link #links} or {@link #link}) as a
     *        single-queue tap with this index, so a kernel that must know that before it opens anything need not
     *        look again
     */
    int attach(String name, int index, boolean vnetHdr, boolean listedAsTap);

    /** Closes a descriptor this kernel returned. */
    void close(int fd);

    /** Whether the kernel names new taps itself (FreeBSD's {@code /dev/tap} cloning) rather than taking a name. */
    boolean namesNewTaps();

    /** A tap made by {@link #create}, attached through {@code fd}. */
    record Created(int fd, String name, int index) {
    }

    /**
     * Creates a persistent tap labelled {@code label}, attachable by {@code owner}/{@code group} without privileges,
     * up, and returns it attached. {@code name} is the name to take (ignored if {@link #namesNewTaps()}).
     *
     * @return the new tap, or null if {@code name} is taken (by an interface or by a concurrent creator)
     */
    Created create(String name, String label, Integer owner, Integer group, boolean keepAddresses, boolean vnetHdr);

    /**
     * Whether {@link #destroy} closes the descriptor before destroying, so that for a moment the tap is free and
     * still exists (the engine keeps taplease's allocators off it with a hand-over lock).
     */
    boolean destroyLeavesWindow();

    /** Destroys the tap attached through {@code fd}; {@code fd} is closed in every case. */
    void destroy(int fd, String name);

    /** The processes holding each of {@code names} that the caller may see. Costly: only to explain. */
    Map<String, List<Holder>> holders(Set<String> names);

    /**
     * Whether user {@code uid} may attach the tap {@code link} without privileges, by this kernel's rule (root always
     * may). Asked only about the holder of a hand-over lock: a lock counts only if its holder could hold the tap.
     */
    boolean mayAttach(int uid, KernelLink link);

    /** The caller's effective uid. */
    int uid();

    /** What an administrator should know after provisioning {@code created} for {@code spec} on this platform. */
    List<String> provisionNotes(PoolSpec spec, List<String> created);

    // ---------------------------------------------------------------- notifications

    /**
     * Subscribes to the kernel's interface notifications (Linux: route netlink groups link and IPv4 address; FreeBSD:
     * a routing socket). The subscription is in place when this returns: a listing taken afterwards misses nothing.
     * The caller closes the monitor.
     */
    LinkMonitor monitor();

    /**
     * A subscription to interface notifications: one descriptor the watch thread blocks on, and a way for another
     * thread to wake it. {@link #next()} and {@link #close()} are called by one thread; {@link #wakeup()} by any.
     */
    interface LinkMonitor extends AutoCloseable {

        /**
         * Blocks until notifications arrive or {@link #wakeup()} is called, and returns what one wait brought: the
         * changes in kernel order, and whether the kernel dropped notifications (its queue overflowed: the caller
         * lists everything again). Empty after a wake-up.
         *
         * @throws KernelException if the notification socket broke
         */
        Batch next();

        /** Makes a blocked (or the next) {@link #next()} return. Thread-safe; never throws. */
        void wakeup();

        /** Closes the descriptors. Never throws. */
        @Override
        void close();
    }

    /**
     * What one {@link LinkMonitor#next()} brought.
     *
     * @param changes the changes in kernel order
     * @param overflow whether the kernel dropped notifications before or among these
     */
    record Batch(List<Change> changes, boolean overflow) {
        public static final Batch EMPTY = new Batch(List.of(), false);
    }

    /**
     * One notification.
     *
     * @param type what the kernel announced
     * @param index the interface's ifindex
     * @param link for {@link Change.Type#LINK}: the interface's state now (as {@link #links} would list it, counters
     *        optional); otherwise null
     */
    record Change(Type type, int index, KernelLink link) {

        /** What a notification says. */
        public enum Type {
            /** An interface appeared or changed: {@code link} is its state. */
            LINK,
            /** The interface {@code index} is gone. */
            GONE,
            /** An IPv4 address of interface {@code index} was added or removed. */
            ADDRESSES
        }

        public static Change link(KernelLink l) {
            return new Change(Type.LINK, l.index(), l);
        }

        public static Change gone(int index) {
            return new Change(Type.GONE, index, null);
        }

        public static Change addresses(int index) {
            return new Change(Type.ADDRESSES, index, null);
        }
    }

    // ---------------------------------------------------------------- network (pools that carry their network)

    /** The name of interface {@code index}, or null if there is none. */
    String name(int index);

    /**
     * An IPv4 address on an interface.
     *
     * @param index the interface's ifindex
     * @param address the address, host byte order ({@code 10.0.0.1} is {@code 0x0a000001})
     * @param prefix its prefix length
     */
    record Address(int index, int address, int prefix) {
    }

    /**
     * An IPv4 unicast route of the main routing table.
     *
     * @param oif the ifindex it goes out of, or 0 (a blackhole, a multipath route)
     * @param destination the destination, host byte order
     * @param prefix the destination's prefix length (0: the default route)
     */
    record Route(int oif, int destination, int prefix) {
    }

    /** Every IPv4 address of every interface of the namespace. */
    List<Address> addresses();

    /** The IPv4 unicast routes of the main table. */
    List<Route> routes();

    /** Adds IPv4 {@code address}/{@code prefix} to interface {@code name} ({@code index}). Needs privileges. */
    void addAddress(String name, int index, int address, int prefix);

    /** Removes IPv4 {@code address}/{@code prefix} from interface {@code name}. Needs privileges. */
    void removeAddress(String name, int index, int address, int prefix);

    /** Sets the MTU of interface {@code name}. Needs privileges. */
    void setMtu(String name, int index, int mtu);

    /** Sets the MAC address (6 bytes) of interface {@code name}. Needs privileges. */
    void setMac(String name, int index, byte[] mac);

    /**
     * Moves interface {@code name} from bridge {@code from} to bridge {@code to} (ifindexes; 0 is no bridge): the
     * member joins or leaves; the bridges themselves are not changed otherwise. Needs privileges.
     */
    void setMaster(String name, int index, int from, int to);

    /**
     * Sets owner and group of the tap attached through {@code fd} (null leaves one as it is; -1 for one that is set
     * is refused on Linux, whose tun driver cannot unset them: only undoing a change from "none" uses it). Needs
     * privileges.
     */
    void setOwnership(int fd, String name, Integer owner, Integer group);

    /** Sets the label (Linux alias, FreeBSD description) of interface {@code name}. Needs privileges. */
    void setLabel(String name, int index, String label);
}
