package org.taplease.debug.ui.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.taplease.core.TapException;
import org.taplease.core.TapService;
import org.taplease.core.TapServiceSlot;

/**
 * This bundle's reference to the core's {@link TapService}: a Declarative Services component, active while the
 * service is there, for the life of the bundle. The launch tabs (created by the launch dialog, not by DS) read the
 * pools through {@link #service()}.
 */
@Component(service = TabTapService.class, immediate = true)
public final class TabTapService {

    private static final TapServiceSlot SLOT = new TapServiceSlot("org.taplease.debug.ui");

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
    static TapService service() {
        return SLOT.get();
    }
}
