package org.taplease.core;

import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jdt.annotation.Nullable;

/**
 * Where a consuming bundle's Declarative Services component keeps the {@link TapService} it references, for the
 * objects of that bundle that DS does not create (views, handlers, launch delegates, tabs). The component puts its
 * bound service in with {@link #hold} on activation and takes it out with {@link #release} on deactivation; the slot
 * only hands out what a component holds, it never looks a service up.
 */
public final class TapServiceSlot {

    private final String consumer;
    private final AtomicReference<@Nullable TapService> held = new AtomicReference<>();

    /** @param consumer the symbolic name of the consuming bundle, for the message when nothing is held */
    public TapServiceSlot(String consumer) {
        this.consumer = consumer;
    }

    /** The component's service, from its activation on. */
    public void hold(TapService service) {
        held.set(service);
    }

    /** On the component's deactivation: nothing is handed out any more (unless another service is held now). */
    public void release(TapService service) {
        held.compareAndSet(service, null);
    }

    /**
     * The held service.
     *
     * @throws TapException {@link TapException.Reason#UNSUPPORTED_PLATFORM} naming what to install, if the consuming
     *         component is not active
     */
    public TapService get() {
        TapService s = held.get();
        if (s == null) {
            throw TapServices.unavailable(consumer);
        }
        return s;
    }
}
