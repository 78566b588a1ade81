package org.taplease.ui.internal;

import java.util.function.UnaryOperator;

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
    /** Tests only: what {@link #service()} returns instead of the held service (null: the held service). */
    private static volatile TapService interposed;

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
        TapService t = interposed;
        return t != null ? t : SLOT.get();
    }

    /**
     * Tests only: from now on {@link #service()} returns {@code wrap} applied to the held service (e.g. a proxy that
     * counts or slows calls); {@code null} undoes it. The held service itself and its DS reference stay as they are.
     */
    public static void interpose(UnaryOperator<TapService> wrap) {
        interposed = wrap == null ? null : wrap.apply(SLOT.get());
    }
}
