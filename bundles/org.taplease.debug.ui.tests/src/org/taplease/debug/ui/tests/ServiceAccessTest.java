package org.taplease.debug.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.taplease.core.TapService;
import org.taplease.core.tests.support.Components;

/** Every bundle of the IDE that uses the TapService holds it through its own active DS component. */
class ServiceAccessTest {

    private final Components scr = Components.of(ServiceAccessTest.class);

    @Test
    void theUiAndLaunchBundlesComponentsAreActiveAndHoldTheCoresService() {
        ServiceReference<TapService> core = scr.tapService();
        long id = (Long) core.getProperty("service.id");
        for (String component : new String[] { "org.taplease.ui.internal.UiTapService",
                "org.taplease.debug.core.internal.LaunchTapService", "org.taplease.debug.ui.internal.TabTapService" }) {
            ComponentConfigurationDTO c = scr.awaitActive(component, Duration.ofSeconds(10));
            assertThat(Components.bound(c, "service")).as(component).containsExactly(id);
        }
        assertThat(Components.users(core)).contains("org.taplease.ui", "org.taplease.debug.core",
                "org.taplease.debug.ui");
    }
}
