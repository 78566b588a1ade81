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
}
