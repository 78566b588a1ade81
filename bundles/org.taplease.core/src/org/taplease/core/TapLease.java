package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A leased tap: an open descriptor attached to it. While it is open no other process can attach the tap; closing
 * it (or the death of the process) makes the tap free at once. Closing is idempotent.
 */
public interface TapLease extends AutoCloseable {

    /** The tap's name. */
    String name();

    /** The tap's interface index at lease time. */
    int ifindex();

    /** The pool the tap belongs to, or null. */
    @Nullable
    String pool();

    /** Whether this lease created the tap because no free one existed. */
    boolean created();

    /** The attached descriptor; valid until {@link #close()}. Hand it to a child with {@code TapProcess}. */
    int fd();

    /**
     * The network the tap carries (its host and guest addresses, bridge, the guest's MAC), read from the kernel when
     * first asked: leasing itself costs nothing for it. Never null; {@link TapNetwork#NONE} parts are null.
     */
    TapNetwork network();

    /** Whether the lease is still open. */
    boolean isOpen();

    /** Releases the tap. */
    @Override
    void close();
}
