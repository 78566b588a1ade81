package org.taplease.product.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.AWTException;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.Waits;

/**
 * The X display as a user has it: keys typed through the XTEST extension (java.awt.Robot), so they go to the window
 * that has the focus, exactly as a keyboard's would, and screenshots of the screen. The products under test run in
 * processes of their own; this JVM opens no window.
 */
public final class Screen {

    private static Robot robot;

    private Screen() {
    }

    /**
     * Requires an X display (releng/test.sh starts a private Xvfb) and xwininfo. Outside CI a missing display skips
     * the test with the reason printed; in CI it fails.
     */
    public static void requireDisplay() {
        String problem = null;
        if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()) {
            problem = "no X display (DISPLAY is not set): run the tests through releng/test.sh, which starts Xvfb";
        } else if (GraphicsEnvironment.isHeadless()) {
            problem = "this JVM runs with java.awt.headless=true; the product tests type keys and take screenshots";
        } else if (Kernel.exec("sh", "-c", "command -v xwininfo").code() != 0) {
            problem = "xwininfo is missing (Debian package x11-utils; releng/test.sh installs it)";
        }
        if (problem != null) {
            if (Kernel.CI) {
                Assertions.fail("product test cannot run in CI: " + problem);
            }
            System.out.println("SKIPPED product test: " + problem);
            Assumptions.abort(problem);
        }
    }

    private static synchronized Robot robot() {
        if (robot == null) {
            try {
                robot = new Robot();
            } catch (AWTException e) {
                throw new IllegalStateException("cannot drive the X display " + System.getenv("DISPLAY") + ": " + e, e);
            }
            robot.setAutoDelay(15);
        }
        return robot;
    }

    /** Presses the keys together (a chord such as Ctrl+Shift+L), then releases them in reverse order. */
    public static void press(int... keyCodes) {
        Robot r = robot();
        for (int k : keyCodes) {
            r.keyPress(k);
        }
        for (int i = keyCodes.length - 1; i >= 0; i--) {
            r.keyRelease(keyCodes[i]);
        }
        r.waitForIdle();
        r.delay(60); // typing pace between chords, as a person types (not a wait for the product: see awaitStill)
    }

    /** Types text: letters, digits, space, '-', '_' and '.' (what view names and tap names are made of). */
    public static void type(String text) {
        for (char c : text.toCharArray()) {
            switch (c) {
                case ' ' -> press(KeyEvent.VK_SPACE);
                case '-' -> press(KeyEvent.VK_MINUS);
                case '.' -> press(KeyEvent.VK_PERIOD);
                case '_' -> press(KeyEvent.VK_SHIFT, KeyEvent.VK_MINUS);
                default -> {
                    if (!Character.isLetterOrDigit(c) || c > 127) {
                        throw new IllegalArgumentException("cannot type '" + c + "'");
                    }
                    int code = KeyEvent.getExtendedKeyCodeForChar(Character.toLowerCase(c));
                    if (Character.isUpperCase(c)) {
                        press(KeyEvent.VK_SHIFT, code);
                    } else {
                        press(code);
                    }
                }
            }
        }
    }

    /**
     * Opens (or activates) a view or runs a command by its name through Quick Access (Ctrl+3), as a user would: waits
     * for the popup to show, for its list to match the typed name, and for the workbench to settle after Enter.
     */
    public static void quickAccess(String name) {
        Rectangle screen = screen();
        int[] before = pixels(screen);
        press(KeyEvent.VK_CONTROL, KeyEvent.VK_3);
        Waits.until(Duration.ofSeconds(20), Duration.ofMillis(50), "the Quick Access popup (Ctrl+3) to show",
                () -> !Arrays.equals(before, pixels(screen)));
        awaitStill(screen, "the Quick Access popup");
        type(name);
        awaitStill(screen, "Quick Access to list the matches for '" + name + "'");
        press(KeyEvent.VK_ENTER);
        awaitStill(screen, "the workbench after Quick Access '" + name + "'");
    }

    /**
     * Waits for a top-level window whose title matches {@code title} (a regular expression) and that is bigger than
     * 300 x 200, from {@code xwininfo -root -tree} (the X server knows the window, whatever the toolkit thinks), and
     * returns its bounds. {@code check} runs before every look (e.g. fails when the program ended); {@code what} names
     * the wait in the failure message.
     */
    public static Rectangle awaitWindow(String title, Duration timeout, Supplier<String> what, Runnable check) {
        Pattern line = Pattern.compile("\"" + title
                + "\\s*\":.*?\\s(?<w>\\d+)x(?<h>\\d+)\\+(?<x>-?\\d+)\\+(?<y>-?\\d+)");
        Rectangle[] found = { null };
        Waits.until(timeout, Duration.ofMillis(200), what, () -> {
            check.run();
            Kernel.Result tree = Kernel.exec("xwininfo", "-root", "-tree");
            if (tree.code() != 0 && tree.err().matches("(?s).*X Error: \\d+: Bad (Window|Drawable).*")) {
                return false; // a window (a splash, a shell being disposed) went away while xwininfo walked the tree
            }
            assertThat(tree.code()).as("xwininfo -root -tree: " + tree.err()).isZero();
            Matcher m = line.matcher(tree.out());
            while (m.find()) {
                Rectangle r = new Rectangle(Integer.parseInt(m.group("x")), Integer.parseInt(m.group("y")),
                        Integer.parseInt(m.group("w")), Integer.parseInt(m.group("h")));
                if (r.width > 300 && r.height > 200) {
                    found[0] = r;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The whole screen. */
    public static Rectangle screen() {
        return new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
    }

    /**
     * Waits until {@code area} shows the same picture for {@link #STILL} (the product in the other process finished
     * what the last key started: layouts, the view filter's debounce, a list filled by a job); fails at the deadline
     * with a screenshot.
     */
    public static void awaitStill(Rectangle area, String what) {
        int[][] last = { pixels(area) };
        long[] since = { System.nanoTime() };
        Waits.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> "the screen to stop changing for "
                + STILL.toMillis() + " ms after " + what + " (screenshot " + shot(area, "timeout-still") + ")", () -> {
                    int[] now = pixels(area);
                    if (!Arrays.equals(now, last[0])) {
                        last[0] = now;
                        since[0] = System.nanoTime();
                    }
                    return System.nanoTime() - since[0] >= STILL.toNanos();
                });
    }

    /**
     * Waits until {@code area} shows more than one colour (a window mapped by X but not yet painted by its toolkit is
     * uniform), then until it is still ({@link #awaitStill}); fails at the deadline with a screenshot.
     */
    public static void awaitPainted(Rectangle area, Duration timeout, String what) {
        Waits.until(timeout, Duration.ofMillis(100), () -> what + " to be painted (screenshot "
                + shot(area, "timeout-painted") + ")", () -> Arrays.stream(pixels(area)).distinct().limit(2).count() > 1);
        awaitStill(area, what);
    }

    /**
     * How long the screen must stay unchanged to count as settled: longer than the Tap Devices filter's 150 ms
     * debounce, shorter than the 800 ms a GTK text cursor stays visible between blinks.
     */
    public static final Duration STILL = Duration.ofMillis(400);

    /** The picture {@code area} shows now (to tell later whether something changed in it). */
    public static int[] pixels(Rectangle area) {
        BufferedImage image = robot().createScreenCapture(area);
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** Saves the screen's {@code area} as a PNG under the test's screenshot directory; returns the file. */
    public static Path shot(Rectangle area, String name) {
        Path dir = Paths.get(System.getProperty("taplease.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            ImageIO.write(robot().createScreenCapture(area), "png", file.toFile());
            System.out.println("screenshot: " + file.toAbsolutePath());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
