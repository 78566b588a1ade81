package org.taplease.core;

import java.util.List;

/**
 * A subscription to the changes of the taps of a namespace ({@link TapService#watch(TapListener)}): a kernel
 * notification socket and one thread blocked reading it (no CPU while nothing changes). Closing it stops the thread
 * and closes the socket; after {@link #close()} returns, the listener is not called again.
 */
public interface TapWatch extends AutoCloseable {

    /**
     * Every tap as listed right after the subscription began, holders not looked up: events delivered to the listener
     * are the changes from this list on, none missed in between.
     */
    List<TapInfo> initial();

    /** How many times the kernel dropped notifications and the watch resynchronised. */
    long resyncs();

    /** Stops the watch: no listener call after this returns. Idempotent. Never throws. */
    @Override
    void close();
}
