package org.taplease.debug.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Components;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.NicSpec;
import org.taplease.debug.core.internal.LaunchTapService;

/**
 * The launch bundle holds the core's TapService through its DS component for as long as it runs: every launch uses
 * that one service object, and the core's component stays active from one launch to the next (so what the core
 * remembers about released taps survives). No QEMU: the emulator is {@code true}.
 */
@ExtendWith(NoLeaks.class)
class LaunchServiceTest {

    private final Components scr = Components.of(LaunchServiceTest.class);

    private static final String POOL = "svc";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TapService taps = TapServices.forPlatform(); // the test's own, for the pool
    private ILaunchConfiguration config;

    @BeforeEach
    void pool() throws Exception {
        taps.provisionPool(new PoolSpec(POOL, 1, 0, null));
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "service");
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, "true {fd} {tap}");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool(POOL).encode()));
        config = wc.doSave();
    }

    @AfterEach
    void cleanUp() throws Exception {
        Guest.endAllLaunches();
        if (config != null) {
            config.delete();
        }
        Waits.until(WAIT, "pool " + POOL + " to be free", () -> taps.pools().stream().allMatch(p -> p.held() == 0));
        Kernel.removeAllPools(taps);
    }

    @Test
    void launchesInARowUseOneServiceThatStaysActive() throws Exception {
        ServiceReference<TapService> core = scr.tapService();
        long serviceId = (Long) core.getProperty("service.id");
        ComponentConfigurationDTO holder = scr.awaitActive(LaunchTapService.class.getName(), WAIT);
        assertThat(Components.bound(holder, "service")).as("the launch bundle's reference").containsExactly(serviceId);
        TapService held = LaunchTapService.service();
        ComponentConfigurationDTO engine = activeCoreComponent();

        for (int i = 0; i < 2; i++) {
            ILaunch l = config.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
            Waits.until(WAIT, "launch " + i + " (true) to end", l::isTerminated);
            assertThat(l.getAttribute(LaunchAttributes.LAUNCH_TAPS)).isEqualTo(POOL + "0");

            // after the launch, the launch bundle still holds the same service, and the core never let it go
            assertThat(LaunchTapService.service()).as("service after launch " + i).isSameAs(held);
            assertThat(Components.users(core)).as("bundles using the TapService after launch " + i)
                    .contains("org.taplease.debug.core");
            ComponentConfigurationDTO h = scr.awaitActive(LaunchTapService.class.getName(), WAIT);
            assertThat(h.id).isEqualTo(holder.id);
            assertThat(Components.bound(h, "service")).containsExactly(serviceId);
            ComponentConfigurationDTO e = activeCoreComponent();
            assertThat(e.id).as("the core's component configuration").isEqualTo(engine.id);
            assertThat(scr.tapService().getProperty("service.id")).isEqualTo(serviceId);
        }
    }

    private ComponentConfigurationDTO activeCoreComponent() {
        List<ComponentConfigurationDTO> c = scr.providing("org.taplease.core", TapService.class);
        assertThat(c).as("the core's TapService component").hasSize(1);
        assertThat(c.get(0).state).as("state of the core's TapService component (ACTIVE = %d)",
                ComponentConfigurationDTO.ACTIVE).isEqualTo(ComponentConfigurationDTO.ACTIVE);
        return c.get(0);
    }
}
