package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.util.tracker.ServiceTracker;
import org.taplease.core.TapService;
import org.taplease.core.tests.support.Components;
import org.taplease.core.tests.support.NoLeaks;

/** The core's Declarative Services component resolves and activates in an OSGi runtime. */
@ExtendWith(NoLeaks.class)
class DsServiceTest {

    private final Components scr = Components.of(DsServiceTest.class);

    @Test
    void tapServiceIsRegisteredAndWorks() throws Exception {
        Bundle self = FrameworkUtil.getBundle(DsServiceTest.class);
        assertThat(self).as("running inside OSGi").isNotNull();
        BundleContext ctx = self.getBundleContext();
        ServiceTracker<TapService, TapService> tracker = new ServiceTracker<>(ctx, TapService.class, null);
        tracker.open();
        try {
            TapService service = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
            assertThat(service).as("TapService from DS").isNotNull();
            assertThat(service.backend()).isEqualTo("linux");
            assertThat(tracker.getServiceReference().getBundle().getSymbolicName()).isEqualTo("org.taplease.core");
            // a call that works without privileges or taps: the inventory of this namespace
            assertThat(service.inventory(false)).isNotNull();
        } finally {
            tracker.close();
        }
    }

    /**
     * Nobody starts the core bundle: the framework starts it with its lazy activation policy (as in the product and an
     * update-site install), which is enough for SCR to register its component. Consumers only hold references.
     */
    @Test
    void theFrameworkStartsTheCoreWithItsActivationPolicyAndNoConsumerStartsIt() throws Exception {
        Bundle core = scr.tapService().getBundle();
        assertThat(core.getHeaders().get("Bundle-ActivationPolicy")).isEqualTo("lazy");
        BundleStartLevel sl = core.adapt(BundleStartLevel.class);
        assertThat(sl.isPersistentlyStarted()).as("started by the framework (lazy bundles are auto-started)").isTrue();
        assertThat(sl.isActivationPolicyUsed()).as("started with its activation policy").isTrue();
        assertThat(core.getState()).isIn(Bundle.STARTING, Bundle.ACTIVE);
        assertThat(scr.providing("org.taplease.core", TapService.class)).as("the core's TapService component")
                .hasSize(1);
        // the helper that started the core bundle from consumers is gone for good
        assertThatThrownBy(() -> core.loadClass("org.taplease.core.internal.TapServiceTrackers"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
