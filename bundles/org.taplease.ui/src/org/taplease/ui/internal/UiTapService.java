package org.taplease.ui.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.taplease.core.TapException;
import org.taplease.core.TapService;
import org.taplease.core.TapServiceSlot;

/**
 * This bundle's reference to the core's {@link TapService}: a Declarative Services component, active while the
 * service is there, for the life of the bundle. Views, handlers and dialogs (created by the workbench, not by DS) get
 * the service through {@link #service()}.
 */
@Component(service = UiTapService.class, immediate = true)
public final class UiTapService {

    private static final TapServiceSlot SLOT = new TapServiceSlot("org.taplease.ui");

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
