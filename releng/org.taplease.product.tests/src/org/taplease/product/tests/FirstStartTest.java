package org.taplease.product.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

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
import org.taplease.product.tests.support.Workbench;

/**
 * A first start of the Tap Workbench as a user makes it: {@code ./tap-workbench -data NEW-DIR} in a terminal, with a
 * pool of real taps (one held by another program). The window fills the screen (the IDE alone opens a new window at
 * 1024 x 768 whatever the display), and the terminal shows nothing of taplease's: no log entry, warning or stack
 * trace, from the start until the user stops it; and where there is no D-Bus session (as here) none of SWT's
 * complaints about that either, which ./tap-workbench prevents.
 */
class FirstStartTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration START = Duration.ofSeconds(120);
    /**
     * Room for the window frame that SWT allows for on GTK when no window manager draws one (Xvfb): measured 6 x 29 px.
     * Less than what separates the IDE's own 1024 x 768 from the test display's 1280 x 800.
     */
    private static final int FRAME = 32;
    /** Output lines of taplease's own: its bundles, its log entries or a stack frame of its code. */
    private static final Pattern TAPLEASE = Pattern.compile("(?i)taplease");

    @Test
    void firstStartFillsTheScreenAndPrintsNothingOfTaplease() throws IOException {
        Screen.requireDisplay();
        Path checkout = Products.property("taplease.checkout");
        TapService taps = TapServices.forPlatform();
        Products.pool(taps, "fstest", 2);
        TapProcess holder = null;
        Path workspace = Products.workDir("first-start").resolve("firstws");
        String output;
        Rectangle window;
        Rectangle screen = Screen.screen();
        try {
            try (TapLease lease = taps.lease(LeaseRequest.named("fstest1"))) {
                holder = new TapProcessBuilder(List.of("sleep", "600")).passFd(lease.fd(), 3).start();
            }
            // as the README says, plus -consoleLog: every log entry (taplease's included) goes to the terminal too
            try (Workbench wb = Workbench.startAsUser(List.of(checkout.resolve("tap-workbench").toString()), workspace,
                    "-consoleLog")) {
                window = wb.awaitWindow(START);
                Screen.awaitPainted(window, START, "the workbench window");
                Screen.shot(screen, "first-start");
                output = wb.output();
                System.out.printf("first start on a %dx%d display: window %dx%d at %d,%d; terminal output:%n%s%n",
                        screen.width, screen.height, window.width, window.height, window.x, window.y,
                        output.isEmpty() ? "(none)" : output);
            }
        } finally {
            if (holder != null && holder.isAlive()) {
                holder.kill();
                holder.waitFor();
            }
            Products.removePool(taps, "fstest");
        }
        assertThat(screen.contains(window)).as("window %s within the screen %s", window, screen).isTrue();
        assertThat(window.width).as("window width on a %d px wide screen", screen.width)
                .isGreaterThanOrEqualTo(screen.width - FRAME);
        assertThat(window.height).as("window height on a %d px high screen", screen.height)
                .isGreaterThanOrEqualTo(screen.height - FRAME);

        assertThat(output.lines().filter(l -> TAPLEASE.matcher(l).find()).toList())
                .as("lines of taplease's on the terminal; all of it:%n%s", output).isEmpty();
        // ./tap-workbench turns SWT's session management off where there is no session bus (it would say so twice)
        assertThat(output).as("terminal output").doesNotContain("SWT SessionManagerDBus");
        Path log = workspace.resolve(".metadata/.log");
        String logged = Files.exists(log) ? Files.readString(log) : "";
        assertThat(logged).as("entries of taplease's in %s", log).doesNotContainPattern(TAPLEASE);
        assertThat(Kernel.links()).as("the test's taps are gone").noneMatch(l -> l.startsWith("fstest"));
    }
}
