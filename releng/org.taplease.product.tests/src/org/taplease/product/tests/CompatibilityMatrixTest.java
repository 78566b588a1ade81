package org.taplease.product.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.product.tests.support.Screen;
import org.taplease.product.tests.support.Workbench;

/**
 * The p2 compatibility matrix: the update site installed into the plain platform of each of the last four Eclipse
 * releases whose bundles Maven Central serves (releng/org.taplease.platforms: one module per release, its own target
 * of that release's bundle versions, the same plugins as releng/org.taplease.platform), with that platform's own p2
 * director. Each then starts under Xvfb: every taplease bundle resolves, Tap Devices opens (the core's TapService
 * component activates on the test namespace's taps), and the launch manager lists the QEMU launch configuration type.
 * The MANIFEST lower bounds on Eclipse bundles are the oldest release here (README "Supported Eclipse releases").
 */
class CompatibilityMatrixTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    /** Release -> the org.eclipse.ui, org.eclipse.swt and org.eclipse.osgi versions its platform must carry. */
    static final Map<String, List<String>> RELEASES = Map.of(
            "4.37", List.of("org.eclipse.ui_3.207.300.", "org.eclipse.swt_3.131.0.", "org.eclipse.osgi_3.23.200."),
            "4.38", List.of("org.eclipse.ui_3.207.400.", "org.eclipse.swt_3.132.0.", "org.eclipse.osgi_3.24.0."),
            "4.39", List.of("org.eclipse.ui_3.208.0.", "org.eclipse.swt_3.133.0.", "org.eclipse.osgi_3.24.100."),
            "4.40", List.of("org.eclipse.ui_3.209.0.", "org.eclipse.swt_3.134.0.", "org.eclipse.osgi_3.24.200."));

    static final String QEMU_TYPE = "org.taplease.debug.core.qemu";

    static Stream<String> releases() {
        return RELEASES.keySet().stream().sorted();
    }

    /** Every release module of releng/org.taplease.platforms is tested here, and lists the plain platform's plugins. */
    @Test
    void everyReleaseModuleIsInTheMatrixAndMaterializesThePlainPlatform() throws IOException {
        Path platforms = Products.property("taplease.platforms");
        List<String> modules;
        try (Stream<Path> s = Files.list(platforms)) {
            modules = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("eclipse-")).sorted().toList();
        }
        assertThat(modules).as("release modules of " + platforms)
                .isEqualTo(releases().map(r -> "eclipse-" + r).toList());
        List<String> plain = productPlugins(Products.property("taplease.checkout").resolve(
                "releng/org.taplease.platform/platform.product"));
        for (String module : modules) {
            assertThat(productPlugins(platforms.resolve(module).resolve("platform.product")))
                    .as(module + "/platform.product: the plugins of releng/org.taplease.platform/platform.product")
                    .isEqualTo(plain);
        }
    }

    @ParameterizedTest(name = "Eclipse {0}")
    @MethodSource("releases")
    void updateSiteInstallsIntoThePlainPlatformOfTheReleaseAndRuns(String release) throws IOException {
        Screen.requireDisplay();
        Kernel.requireIsolatedRoot();
        Path platform = Products.property("taplease.platforms").resolve("eclipse-" + release).resolve(
                "target/products/org.taplease.platform.eclipse-" + release + "/linux/gtk/x86_64");
        assertThat(platform).as("the materialized Eclipse " + release + " platform (./mvnw install -DskipTests)")
                .isDirectory();
        Path repository = Products.property("taplease.repository");
        Path work = Products.workDir("eclipse-" + release);
        Path install = work.resolve("eclipse");
        Kernel.run("cp", "-a", platform.toString(), install.toString());
        TapService taps = TapServices.forPlatform();
        String pool = "compat" + release.replace(".", "");
        Products.pool(taps, pool, 1);
        try {
            List<String> before = Products.pluginNames(install);
            assertThat(before).as("the plain Eclipse " + release + " platform before the install")
                    .noneMatch(p -> p.startsWith("org.taplease"))
                    .anyMatch(p -> p.startsWith("org.eclipse.equinox.p2.director.app_"));
            for (String bundle : RELEASES.get(release)) {
                assertThat(before).as("Eclipse " + release + "'s bundle").anyMatch(p -> p.startsWith(bundle));
            }

            // that release's own p2 director, in the platform, into its own profile
            long t0 = System.nanoTime();
            Kernel.Result director = Workbench.runApplication(install, Duration.ofMinutes(5), "-application",
                    "org.eclipse.equinox.p2.director", "-repository", repository.toUri().toString(), "-installIU",
                    "org.taplease.feature.feature.group");
            System.out.printf("Eclipse %s: p2 director install from the update site: %.1f s%n", release,
                    (System.nanoTime() - t0) / 1e9);
            String directorOutput = director.out() + director.err();
            assertThat(director.code()).as("p2 director exit status; output:\n" + directorOutput).isZero();
            assertThat(directorOutput).contains("Installing org.taplease.feature.feature.group")
                    .contains("Operation completed");
            List<String> plugins = Products.pluginNames(install);
            for (String b : UpdateSiteInstallTest.TAPLEASE_BUNDLES) {
                assertThat(plugins).as("installed plugins").anyMatch(p -> p.startsWith(b + "_"));
            }

            long t1 = System.nanoTime();
            try (Workbench wb = Workbench.start(install, work.resolve("ws-" + release))) {
                Rectangle window = wb.awaitWindow(Duration.ofSeconds(120));
                String bundles = wb.awaitConsole("lb -s org.taplease", "org\\.taplease\\.debug\\.ui",
                        Duration.ofSeconds(60));
                for (String b : UpdateSiteInstallTest.TAPLEASE_BUNDLES) {
                    assertThat(bundles).as("Eclipse " + release + ": lb -s org.taplease").containsPattern(
                            "\\|(Active|Starting|Resolved)\\s*\\|\\s*\\d+\\|" + b.replace(".", "\\.") + " ");
                }
                assertThat(bundles).as("no taplease bundle left unresolved").doesNotContain("|Installed");

                // the launch manager of that release lists the QEMU launch configuration type
                String type = wb.awaitConsole(launchTypeName(wb), "QEMU", Duration.ofSeconds(60));
                assertThat(type).as("Eclipse " + release + ": the launch manager's " + QEMU_TYPE)
                        .contains("QEMU Virtual Machine");

                // the UI and launch bundles hold the TapService through their components before any view opens
                for (String consumer : Products.SERVICE_CONSUMERS) {
                    wb.awaitConsole("scr:list", consumer.replace(".", "\\.") + "[^\\n]*\\n\\s*Id: \\d+, State:ACTIVE",
                            Duration.ofSeconds(60));
                }
                Screen.awaitStill(window, "the workbench before opening Tap Devices");
                int[] unchanged = Screen.pixels(window);
                Screen.quickAccess("Tap Devices");
                Screen.awaitStill(window, "opening Tap Devices");
                if (Arrays.equals(unchanged, Screen.pixels(window))) {
                    // seen in about a third of the starts here: the Quick Access popup showed but the typed name did
                    // not reach its field (no window manager on Xvfb to hand it the focus); a user would type it again
                    System.out.printf("Eclipse %s: Quick Access opened nothing (screenshot %s); once more%n", release,
                            Screen.shot(window, "compat-eclipse-" + release + "-quick-access-retry"));
                    Screen.press(KeyEvent.VK_ESCAPE);
                    Screen.awaitStill(window, "Escape after Quick Access");
                    Screen.quickAccess("Tap Devices");
                }
                wb.awaitConsole("scr:list", "TapServiceComponent[^\\n]*\\n\\s*Id: \\d+, State:ACTIVE",
                        Duration.ofSeconds(60));
                Screen.awaitStill(window, "opening Tap Devices");
                assertThat(Arrays.equals(unchanged, Screen.pixels(window)))
                        .as(() -> "Eclipse " + release + ": the window changed when Tap Devices opened (screenshot "
                                + Screen.shot(window, "compat-eclipse-" + release + "-no-tap-devices") + ")")
                        .isFalse();
                Screen.shot(window, "compat-eclipse-" + release);
                System.out.printf("Eclipse %s: start, checks and Tap Devices: %.1f s%n", release,
                        (System.nanoTime() - t1) / 1e9);
                assertThat(wb.output()).as("the platform's log: no entry (error, warning) from a taplease bundle")
                        .doesNotContainPattern("!ENTRY org\\.taplease");
            }
        } finally {
            Products.removePool(taps, pool);
            Products.deleteTree(install);
        }
    }

    /**
     * A console command that prints the name of the QEMU launch configuration type as the running platform's launch
     * manager knows it: {@code DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(id).getName()},
     * called through Gogo's reflection on the org.eclipse.debug.core bundle (found by its id in {@code lb}).
     */
    private static String launchTypeName(Workbench wb) {
        String lb = wb.console("lb -s org.eclipse.debug.core", Duration.ofSeconds(20));
        Matcher m = Pattern.compile("^\\s*(\\d+)\\|[^|]*\\|\\s*\\d+\\|org\\.eclipse\\.debug\\.core ", Pattern.MULTILINE)
                .matcher(lb);
        assertThat(m.find()).as("org.eclipse.debug.core in lb:\n" + lb).isTrue();
        return "(((((bundle " + m.group(1) + ") loadclass org.eclipse.debug.core.DebugPlugin) getDefault)"
                + " getLaunchManager) getLaunchConfigurationType " + QEMU_TYPE + ") getName";
    }

    /** The plugin ids a .product file lists, in order. */
    private static List<String> productPlugins(Path product) {
        try {
            Matcher m = Pattern.compile("<plugin id=\"([^\"]+)\"").matcher(Files.readString(product));
            return m.results().map(r -> r.group(1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(product + ": " + e.getMessage(), e);
        }
    }
}
