package org.taplease.product.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.product.tests.support.Screen;
import org.taplease.product.tests.support.Workbench;

/**
 * The update site as a user of a stock Eclipse IDE meets it: a plain platform materialized by the build (workbench,
 * Debug, Console, p2, no taplease) gets the taplease feature installed from the built repository by the p2 director
 * that platform carries, the way Help > Install New Software installs it. Then the platform starts with taplease in
 * it: every taplease bundle resolves, and opening Tap Devices activates the core's TapService component on the real
 * taps of the test namespace.
 */
class UpdateSiteInstallTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    static final List<String> TAPLEASE_BUNDLES = List.of("org.taplease.core", "org.taplease.cli", "org.taplease.ui",
            "org.taplease.debug.core", "org.taplease.debug.ui");

    @Test
    void featureInstallsFromTheUpdateSiteIntoAPlainPlatformAndStarts() throws IOException {
        Screen.requireDisplay();
        Kernel.requireIsolatedRoot();
        Path platform = Products.property("taplease.platform");
        Path repository = Products.property("taplease.repository");
        Path work = Products.workDir("update-site");
        Path install = work.resolve("eclipse");
        Kernel.run("cp", "-a", platform.toString(), install.toString());
        TapService taps = TapServices.forPlatform();
        Products.pool(taps, "sitetest", 2);
        try {
            assertThat(Products.pluginNames(install)).as("the plain platform before the install")
                    .noneMatch(p -> p.startsWith("org.taplease"))
                    .anyMatch(p -> p.startsWith("org.eclipse.equinox.p2.director.app_"));

            // p2 director inside the platform: installs into the platform's own profile (DefaultProfile)
            long t0 = System.nanoTime();
            Kernel.Result director = Workbench.runApplication(install, Duration.ofMinutes(5), "-application",
                    "org.eclipse.equinox.p2.director", "-repository", repository.toUri().toString(), "-installIU",
                    "org.taplease.feature.feature.group");
            System.out.printf("p2 director install from the update site: %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String directorOutput = director.out() + director.err();
            assertThat(director.code()).as("p2 director exit status; output:\n" + directorOutput).isZero();
            assertThat(directorOutput).contains("Installing org.taplease.feature.feature.group")
                    .contains("Operation completed");

            List<String> plugins = Products.pluginNames(install);
            String bundlesInfo = Files.readString(install.resolve(
                    "configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"));
            for (String b : TAPLEASE_BUNDLES) {
                assertThat(plugins).as("installed plugins").anyMatch(p -> p.startsWith(b + "_"));
                assertThat(bundlesInfo).as("bundles.info").contains("\n" + b + ",");
            }
            assertThat(bundlesInfo).contains("\ncom.sun.jna,").contains("\npicocli,");
            assertThat(install.resolve("features")).isDirectoryContaining(p -> p.getFileName().toString().startsWith(
                    "org.taplease.feature_"));

            // start it: every taplease bundle resolved; Tap Devices (opened with Ctrl+3) activates the TapService
            try (Workbench wb = Workbench.start(install, work.resolve("sitews"))) {
                Rectangle window = wb.awaitWindow(Duration.ofSeconds(120));
                String bundles = wb.awaitConsole("lb -s org.taplease", "org\\.taplease\\.debug\\.ui",
                        Duration.ofSeconds(60));
                for (String b : TAPLEASE_BUNDLES) {
                    assertThat(bundles).as("lb -s org.taplease").containsPattern(
                            "\\|(Active|Starting|Resolved)\\s*\\|\\s*\\d+\\|" + b.replace(".", "\\.") + " ");
                }
                assertThat(bundles).as("no taplease bundle left unresolved").doesNotContain("|Installed");
                // the UI and launch bundles hold the TapService through their components before any view opens
                for (String consumer : Products.SERVICE_CONSUMERS) {
                    wb.awaitConsole("scr:list", consumer.replace(".", "\\.") + "[^\\n]*\\n\\s*Id: \\d+, State:ACTIVE",
                            Duration.ofSeconds(60));
                }
                Screen.quickAccess("Tap Devices");
                wb.awaitConsole("scr:list", "TapServiceComponent[^\\n]*\\n\\s*Id: \\d+, State:ACTIVE",
                        Duration.ofSeconds(60));
                Screen.awaitStill(window, "opening Tap Devices");
                Screen.shot(window, "update-site-installed");
                assertThat(wb.output()).as("the platform's log: no entry (error, warning) from a taplease bundle")
                        .doesNotContainPattern("!ENTRY org\\.taplease");
            }
        } finally {
            Products.removePool(taps, "sitetest");
            Products.deleteTree(install);
        }
    }
}
