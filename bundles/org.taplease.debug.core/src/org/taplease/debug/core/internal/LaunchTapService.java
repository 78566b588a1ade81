package org.taplease.debug.core.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.taplease.core.TapException;
import org.taplease.core.TapService;
import org.taplease.core.TapServiceSlot;

/**
 * This bundle's reference to the core's {@link TapService}: a Declarative Services component, active while the
 * service is there, for the life of the bundle. Every launch uses this one service object (so the core's memory of
 * the taps it released last survives from one launch to the next); the launch delegates, which the launch manager
 * creates, get it through {@link #service()}.
 */
@Component(service = LaunchTapService.class, immediate = true)
public final class LaunchTapService {

    private static final TapServiceSlot SLOT = new TapServiceSlot("org.taplease.debug.core");

    @Reference
    private TapService service;

    @Activate
    void activate() {
        SLOT.hold(service);
    }

    @Deactivate
    void deactivate() {
        SLOT.release(service);
    }

    /**
     * The tap service.
     *
     * @throws TapException (reason {@link TapException.Reason#UNSUPPORTED_PLATFORM}) naming what to install
     */
    public static TapService service() {
        return SLOT.get();
    }
}
