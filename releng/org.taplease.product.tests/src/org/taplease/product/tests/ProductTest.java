package org.taplease.product.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.taplease.product.tests.support.TapDevicesKeys.holders;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.product.tests.support.Screen;
import org.taplease.product.tests.support.TapDevicesKeys;
import org.taplease.product.tests.support.Workbench;

/**
 * The Tap Workbench product as a user gets it: started by the README's main command ({@code ./tap-workbench}) under
 * Xvfb, in the test namespace with a pool of real taps. The first screen is the Tap Workbench perspective; the Tap
 * Devices view lists the test's taps with their real holders; a tap leased through the view (keys typed into the X
 * server, as a keyboard would) is held in the kernel by the product's own process, and free again after release.
 */
class ProductTest {

    /** The test JVM opens an X11 connection for its keyboard and screenshots: sockets are not compared. */
    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void readmeMainCommandStartsTheTapWorkbenchOnRealTaps() throws IOException {
        Screen.requireDisplay();
        Path checkout = Products.property("taplease.checkout");
        Path product = Products.property("taplease.product");
        assertThat(Products.pluginNames(product)).as("the product's plugins").anyMatch(p -> p.startsWith(
                "org.taplease.workbench_")).anyMatch(p -> p.startsWith("org.taplease.ui_"))
                .anyMatch(p -> p.startsWith("org.taplease.debug.ui_"));

        TapService taps = TapServices.forPlatform();
        List<String> members = Products.pool(taps, "wbtest", 3);
        assertThat(members).containsExactly("wbtest0", "wbtest1", "wbtest2");
        TapProcess holder = null;
        Path workspace = Products.workDir("workbench").resolve("tapws");
        try {
            // wbtest1 is held by another program, as an emulator would hold it
            try (TapLease lease = taps.lease(LeaseRequest.named("wbtest1"))) {
                holder = new TapProcessBuilder(List.of("sleep", "600")).passFd(lease.fd(), 3).start();
            }
            try (Workbench wb = Workbench.start(List.of(checkout.resolve("tap-workbench").toString()), workspace)) {
                Rectangle window = wb.awaitWindow(START);
                // the core's TapService component is active, held by the UI and launch bundles' own components
                String components = wb.awaitConsole("scr:list", "TapServiceComponent[^\\n]*\\n\\s*Id: \\d+, State:ACTIVE",
                        START);
                assertThat(components).contains("org.taplease.core.internal.TapServiceComponent");
                for (String consumer : Products.SERVICE_CONSUMERS) {
                    wb.awaitConsole("scr:list", consumer.replace(".", "\\.") + "[^\\n]*\\n\\s*Id: \\d+, State:ACTIVE",
                            START);
                }
                String bundles = wb.console("lb -s org.taplease", Duration.ofSeconds(20));
                for (String b : List.of("org.taplease.core", "org.taplease.ui", "org.taplease.debug.core",
                        "org.taplease.debug.ui", "org.taplease.cli", "org.taplease.workbench")) {
                    assertThat(bundles).as("lb -s org.taplease").containsPattern(
                            "\\|(Active|Starting|Resolved)\\s*\\|\\s*\\d+\\|" + b.replace(".", "\\.") + " ");
                }

                // lease wbtest2 through the view: Ctrl+3 "Tap Devices" activates it (focus in the table), Shift+Tab
                // goes to the filter, then the table; Ctrl+Shift+L leases the selected tap for the IDE session
                Screen.quickAccess("Tap Devices");
                TapDevicesKeys.lease(taps, "wbtest2", wb.pid(), wb.tail());
                assertThat(holders(taps, "wbtest1")).as("wbtest1 still held by sleep").containsExactly(
                        (int) holder.pid());
                assertThat(holders(taps, "wbtest0")).as("wbtest0 untouched").isEmpty();

                // the view's filter back to all, so the screenshot shows free, held and leased taps
                TapDevicesKeys.showAll(window);
                Screen.shot(window, "tap-workbench");

                // release it through the view (Ctrl+Shift+U): the kernel frees it at once
                TapDevicesKeys.release(taps, "wbtest2");
            }
            // the workbench saved its state on the way out: the first screen was the Tap Workbench perspective
            Path model = workspace.resolve(".metadata/.plugins/org.eclipse.e4.workbench/workbench.xmi");
            assertThat(model).exists();
            String xmi = Files.readString(model);
            assertThat(xmi).contains("elementId=\"org.taplease.workbench.perspective\"")
                    .contains("org.taplease.ui.views.tapDevices").contains("org.taplease.ui.views.tapStatus")
                    .contains("org.eclipse.debug.ui.DebugView").contains("org.eclipse.ui.console.ConsoleView");
        } finally {
            if (holder != null && holder.isAlive()) {
                holder.kill();
                holder.waitFor();
            }
            Products.removePool(taps, "wbtest");
        }
        assertThat(Kernel.links()).as("the test's taps are gone").noneMatch(l -> l.startsWith("wbtest"));
    }

    @Test
    void readmeMainCommandWithoutDisplaySaysSoInOneLineAndRunsTheCliEquivalent() {
        Kernel.requireIsolatedRoot();
        Path checkout = Products.property("taplease.checkout");
        Kernel.Result r = Kernel.exec("env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY",
                checkout.resolve("tap-workbench").toString());
        assertThat(r.code()).as("exit status; stderr: " + r.err()).isZero();
        assertThat(r.err().lines().toList()).as("standard error").hasSize(1).first().asString()
                .startsWith("tap-workbench: no display").contains("./taplease list");
        assertThat(r.out()).as("the output of ./taplease list").isEqualTo(Kernel.exec(
                checkout.resolve("taplease").toString(), "list").out());
    }
}
