package org.taplease.core;

import java.util.List;

/**
 * Receives the changes of the taps of a namespace from {@link TapService#watch(TapListener)}. Called on the watch's
 * own thread, never concurrently, in the order the kernel announced the changes; a listener that blocks delays the
 * following events (the kernel queues them, and a resynchronisation catches up if its queue overflows).
 */
@FunctionalInterface
public interface TapListener {

    /**
     * A batch of changes, in kernel order: what one read of the notification socket brought (several per burst),
     * filtered to taps (interfaces that are or were taps) and to real changes (a notification that changed nothing a
     * {@link TapInfo} shows is dropped).
     */
    void tapsChanged(List<TapEvent> events);

    /**
     * The kernel dropped notifications (its queue overflowed) and the watch listed every tap again; the events that
     * make up the difference were just delivered with {@link TapEvent#resync()} set. {@code taps} is the whole list,
     * holders not looked up. The default does nothing.
     *
     * @param taps every tap after the resynchronisation
     */
    default void resynced(List<TapInfo> taps) {
    }

    /**
     * The watch failed for good (the notification socket broke) and has stopped; no call follows. The default does
     * nothing.
     *
     * @param error what failed, with its fix
     */
    default void failed(TapException error) {
    }
}
