package org.taplease.product.tests.support;

import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.time.Duration;
import java.util.List;

import org.taplease.core.Holder;
import org.taplease.core.TapInfo;
import org.taplease.core.TapService;
import org.taplease.core.tests.support.Waits;

/**
 * The Tap Devices view driven from the keyboard, as the product tests use it once Quick Access has opened it (the
 * focus is in its table; Shift+Tab goes to the filter, Tab back to the table), and the holders the kernel reports for
 * what the keys did.
 */
public final class TapDevicesKeys {

    private TapDevicesKeys() {
    }

    /** With the focus in the table: filters it down to {@code tap} and selects it. */
    public static void selectOnly(String tap) {
        Screen.press(KeyEvent.VK_SHIFT, KeyEvent.VK_TAB);
        Screen.type(tap);
        Screen.awaitStill(Screen.screen(), "filtering the table to " + tap);
        Screen.press(KeyEvent.VK_TAB);
        Screen.press(KeyEvent.VK_DOWN);
    }

    /** With the focus in the table: clears the filter, so every tap shows, and returns the focus to the table. */
    public static void showAll(Rectangle window) {
        Screen.press(KeyEvent.VK_SHIFT, KeyEvent.VK_TAB);
        Screen.press(KeyEvent.VK_CONTROL, KeyEvent.VK_A);
        Screen.press(KeyEvent.VK_BACK_SPACE);
        Screen.awaitStill(window, "clearing the filter");
        Screen.press(KeyEvent.VK_TAB);
        Screen.awaitStill(window, "Tab into the table");
    }

    /**
     * With the focus in the table: selects {@code tap} alone, leases it for the IDE session (Lease, Ctrl+Shift+L) and
     * waits until the kernel reports process {@code pid} (the workbench, whose {@code output} a failure shows) holding
     * it.
     */
    public static void lease(TapService taps, String tap, long pid, String output) {
        selectOnly(tap);
        Screen.press(KeyEvent.VK_CONTROL, KeyEvent.VK_SHIFT, KeyEvent.VK_L);
        Waits.until(Duration.ofSeconds(30), tap + " to be held by the Tap Workbench (pid " + pid + "); its output:\n"
                + output, () -> holders(taps, tap).contains((int) pid));
    }

    /**
     * With the focus in the table: selects {@code tap} alone, releases it (Release, Ctrl+Shift+U) and waits until
     * nobody holds it.
     */
    public static void release(TapService taps, String tap) {
        selectOnly(tap);
        Screen.press(KeyEvent.VK_CONTROL, KeyEvent.VK_SHIFT, KeyEvent.VK_U);
        Waits.until(Duration.ofSeconds(30), tap + " to be free after Release", () -> holders(taps, tap).isEmpty());
    }

    /** The pids holding {@code tap}, from the kernel (the /proc scan). */
    public static List<Integer> holders(TapService taps, String tap) {
        return taps.tap(tap, true).map(TapInfo::holders).orElseThrow().stream().map(Holder::pid).toList();
    }
}
