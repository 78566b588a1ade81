package org.taplease.ui.internal;

import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.taplease.core.TapException;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;

/**
 * This bundle's reference to the core's {@link TapService}: a Declarative Services component, active while the
 * service is there, for the life of the bundle. Views, handlers and dialogs (created by the workbench, not by DS) get
 * the service through {@link #service()}.
 */
@Component(service = UiTapService.class, immediate = true)
public final class UiTapService {

    private static final AtomicReference<UiTapService> ACTIVE = new AtomicReference<>();

    @Reference
    private TapService service;

    @Activate
    void activate() {
        ACTIVE.set(this);
    }

    @Deactivate
    void deactivate() {
        ACTIVE.compareAndSet(this, null);
    }

    /**
     * The tap service.
     *
     * @throws TapException (reason {@link TapException.Reason#UNSUPPORTED_PLATFORM}) naming what to install
     */
    public static TapService service() {
        UiTapService c = ACTIVE.get();
        if (c == null) {
            throw TapServices.unavailable("org.taplease.ui");
        }
        return c.service;
    }
}
