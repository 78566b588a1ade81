package org.taplease.ui.tests.support;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.core.commands.Command;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.taplease.ui.internal.TapPerspective;

/**
 * Drives the real workbench from the test thread (the tests do not run on the UI thread): every widget access goes
 * through {@link #sync}, waits poll a condition with a deadline, screenshots are PNGs of the screen under
 * {@code target/screenshots}.
 */
public final class Ui {

    public static Display display() {
        return PlatformUI.getWorkbench().getDisplay();
    }

    /** Runs {@code s} on the UI thread and returns its result. */
    public static <T> T sync(Supplier<T> s) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> error = new AtomicReference<>();
        AtomicReference<Error> err = new AtomicReference<>();
        display().syncExec(() -> {
            try {
                result.set(s.get());
            } catch (RuntimeException e) {
                error.set(e);
            } catch (Error e) {
                err.set(e);
            }
        });
        if (error.get() != null) {
            throw error.get();
        }
        if (err.get() != null) {
            throw err.get();
        }
        return result.get();
    }

    public static void run(Runnable r) {
        sync(() -> {
            r.run();
            return null;
        });
    }

    /** Waits until {@code condition} (evaluated on the UI thread) holds; fails with a screenshot at the deadline. */
    public static void waitFor(Duration timeout, String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Boolean.TRUE.equals(sync(condition))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                Path shot = screenshot("timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what + " (screenshot " + shot
                        + ")");
            }
            sleep(50);
        }
    }

    /**
     * Sleeps. Not for waiting on the workbench (use {@link #waitFor}): only for the poll interval of a wait, deliberate
     * slowness under test (ResponsivenessTest's slow service) and pacing generated traffic (TapStatusViewTest).
     */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @SuppressWarnings("unchecked")
    public static <V extends IViewPart> V showView(String id) {
        return (V) sync(() -> {
            try {
                IWorkbenchWindow w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
                w.getShell().setBounds(0, 0, 1280, 800);
                if (!TapPerspective.ID.equals(page().getPerspective().getId())) {
                    PlatformUI.getWorkbench().showPerspective(TapPerspective.ID, w);
                }
                return page().showView(id);
            } catch (org.eclipse.ui.WorkbenchException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public static void closeView(String id) {
        run(() -> {
            IViewPart v = page().findView(id);
            if (v != null) {
                page().hideView(v);
            }
        });
    }

    /** Executes a command as the keyboard or a menu would, later on the UI thread (it may open modal dialogs). */
    public static void executeLater(String commandId) {
        display().asyncExec(() -> {
            try {
                PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand(commandId, null);
            } catch (Exception e) {
                throw new IllegalStateException(commandId + ": " + e, e);
            }
        });
    }

    /** Whether the command is enabled and handled now. */
    public static boolean commandEnabled(String commandId) {
        return sync(() -> {
            Command c = PlatformUI.getWorkbench().getService(ICommandService.class).getCommand(commandId);
            return c.isDefined() && c.isEnabled() && c.isHandled();
        });
    }

    /** The open shell whose title is {@code title}, or null. UI thread. */
    public static Shell shell(String title) {
        for (Shell s : display().getShells()) {
            if (!s.isDisposed() && s.isVisible() && (title.equals(s.getText()) || s.getText().startsWith(title + " ("))) {
                return s;
            }
        }
        return null;
    }

    public static Shell waitForShell(String title) {
        waitFor(Duration.ofSeconds(20), "a window titled '" + title + "'", () -> shell(title) != null);
        return sync(() -> shell(title));
    }

    /** All widgets of a type under {@code c}, depth first. */
    public static <T extends Control> List<T> find(Composite c, Class<T> type, Predicate<T> filter) {
        List<T> out = new ArrayList<>();
        for (Control child : c.getChildren()) {
            if (type.isInstance(child) && filter.test(type.cast(child))) {
                out.add(type.cast(child));
            }
            if (child instanceof Composite comp) {
                out.addAll(find(comp, type, filter));
            }
        }
        return out;
    }

    /** The texts of all labels and read-only texts in a shell, joined by newlines. UI thread. */
    public static String texts(Shell s) {
        StringBuilder b = new StringBuilder();
        for (Label l : find(s, Label.class, x -> true)) {
            b.append(l.getText()).append('\n');
        }
        for (Text t : find(s, Text.class, x -> true)) {
            b.append(t.getText()).append('\n');
        }
        for (org.eclipse.swt.custom.CLabel l : find(s, org.eclipse.swt.custom.CLabel.class, x -> true)) {
            b.append(l.getText()).append('\n');
        }
        return b.toString();
    }

    /** Replaces a field's text as typing would: the text, then a key release (field editors validate on it). */
    public static void type(Text t, String text) {
        t.setFocus();
        t.setText(text);
        org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
        e.character = text.isEmpty() ? 0 : text.charAt(text.length() - 1);
        t.notifyListeners(SWT.KeyDown, e);
        t.notifyListeners(SWT.KeyUp, e);
    }

    /** Presses the button labelled {@code label} (mnemonics ignored) in {@code s}. UI thread. */
    public static void press(Shell s, String label) {
        for (Button b : find(s, Button.class, x -> x.getText().replace("&", "").equals(label))) {
            b.notifyListeners(SWT.Selection, null);
            return;
        }
        fail("no button '" + label + "' in " + s.getText());
    }

    /** Saves a PNG of the screen area of the active shell (dialog or workbench) as target/screenshots/NAME.png. */
    public static Path screenshot(String name) {
        return screenshotOf(name, null);
    }

    public static Path screenshotOf(String name, Shell which) {
        Path dir = Path.of(System.getProperty("taplease.screenshots", "target/screenshots"));
        Path file = dir.resolve(name + ".png");
        run(() -> {
            Shell target = which != null ? which : display().getActiveShell();
            if (target != null) {
                target.redraw();
                target.update();
            }
        });
        ImageData data = settledCapture(which, SETTLE);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] { data };
        loader.save(file.toString(), SWT.IMAGE_PNG);
        System.out.println("screenshot: " + file);
        return file;
    }

    /** How long {@link #screenshotOf} waits for the screen to stop changing before it saves the last capture. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    /**
     * Captures the shell's screen area until two captures in a row are identical (GTK finished painting: deferred
     * layouts, animations), checking every 50 ms; at the deadline (a view that keeps changing, e.g. a live chart)
     * returns the last capture and says so.
     */
    private static ImageData settledCapture(Shell which, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ImageData previous = null;
        while (true) {
            ImageData now = sync(() -> capture(which));
            if (previous != null && sameImage(previous, now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                System.out.println("screenshot: the screen still changed after " + timeout.toMillis()
                        + " ms; saving the last capture");
                return now;
            }
            previous = now;
            sleep(50); // the poll interval between two captures
        }
    }

    private static boolean sameImage(ImageData a, ImageData b) {
        return a.width == b.width && a.height == b.height && a.depth == b.depth
                && java.util.Arrays.equals(a.data, b.data);
    }

    /** The screen area of {@code which}, or of the active shell (dialog or workbench). UI thread. */
    private static ImageData capture(Shell which) {
        Display d = display();
        Shell s = which != null ? which : d.getActiveShell() != null ? d.getActiveShell()
                : PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        Rectangle r = s.getBounds().intersection(d.getBounds());
        Image img = new Image(d, r.width, r.height);
        GC gc = new GC(d);
        try {
            gc.copyArea(img, r.x, r.y);
            return img.getImageData();
        } finally {
            gc.dispose();
            img.dispose();
        }
    }

    private Ui() {
    }
}
