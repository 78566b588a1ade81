package org.taplease.debug.core.internal;

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
 * service is there, for the life of the bundle. Every launch uses this one service object (so the core's memory of
 * the taps it released last survives from one launch to the next); the launch delegates, which the launch manager
 * creates, get it through {@link #service()}.
 */
@Component(service = LaunchTapService.class, immediate = true)
public final class LaunchTapService {

    private static final AtomicReference<LaunchTapService> ACTIVE = new AtomicReference<>();

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
        LaunchTapService c = ACTIVE.get();
        if (c == null) {
            throw TapServices.unavailable("org.taplease.debug.core");
        }
        return c.service;
    }
}
