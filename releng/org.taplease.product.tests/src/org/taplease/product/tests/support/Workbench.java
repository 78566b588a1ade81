package org.taplease.product.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.Waits;

/**
 * An Eclipse installation (the Tap Workbench, or the plain platform) started the way a user starts it here: {@code java
 * -jar plugins/org.eclipse.equinox.launcher_*.jar -data WORKSPACE}, plus {@code -console} so the test can ask the
 * running framework (Gogo on the process's standard input) which bundles resolved and which components are active.
 * Its output is collected for failure messages. {@link #close()} stops it through the console and waits for the
 * process to end; it never leaves a process behind.
 */
public final class Workbench implements AutoCloseable {

    private static final AtomicInteger MARKS = new AtomicInteger();

    private final Process process;
    private final Path workspace;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;
    private final Writer console;
    private final boolean withConsole;

    private Workbench(Process process, Path workspace, boolean withConsole) {
        this.process = process;
        this.workspace = workspace;
        this.withConsole = withConsole;
        this.console = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = new Thread(() -> pump(process.getInputStream()), "product-test output " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The equinox launcher jar of an installation (there is no native launcher: it is not on Maven Central). */
    public static Path launcherJar(Path install) {
        try (Stream<Path> plugins = Files.list(install.resolve("plugins"))) {
            return plugins.filter(p -> p.getFileName().toString().matches("org\\.eclipse\\.equinox\\.launcher_.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no equinox launcher jar in " + install));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java of this test JVM (a JDK 21+, as the products need). */
    public static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Runs an application of {@code install} headless to its end (e.g. the p2 director); returns exit code + output. */
    public static Kernel.Result runApplication(Path install, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-jar",
                launcherJar(install).toString(), "-nosplash", "-consoleLog"));
        command.addAll(List.of(args));
        return Kernel.exec(timeout, command.toArray(String[]::new));
    }

    /** Starts the workbench of {@code install} on {@code workspace} (its name is the window title's first word). */
    public static Workbench start(Path install, Path workspace, String... extraArgs) {
        return start(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-jar", launcherJar(install).toString()),
                workspace, extraArgs);
    }

    /**
     * Starts a workbench with {@code launch} (e.g. the README's {@code ./tap-workbench}, which execs java) followed
     * by {@code -data workspace -nosplash -consoleLog -console} and {@code extraArgs}.
     */
    public static Workbench start(List<String> launch, Path workspace, String... extraArgs) {
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of("-data", workspace.toString(), "-nosplash", "-consoleLog", "-console"));
        command.addAll(List.of(extraArgs));
        return start(command, workspace, true);
    }

    /**
     * Starts a workbench with {@code launch} followed by {@code -data workspace} and {@code extraArgs} only, as a user
     * types it: no OSGi console, so {@link #output()} is exactly what the terminal shows (standard output and error).
     * {@link #close()} ends it with SIGTERM, as a terminal's Ctrl+C or a logout would.
     */
    public static Workbench startAsUser(List<String> launch, Path workspace, String... extraArgs) {
        List<String> command = new ArrayList<>(launch);
        command.addAll(List.of("-data", workspace.toString()));
        command.addAll(List.of(extraArgs));
        return start(command, workspace, false);
    }

    private static Workbench start(List<String> command, Path workspace, boolean withConsole) {
        try {
            return new Workbench(new ProcessBuilder(command).redirectErrorStream(true).start(), workspace, withConsole);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pump(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0;) {
                output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            output.append("\n(output ended: ").append(e).append(")\n");
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the installation printed so far (log entries with -consoleLog, console answers). */
    public String output() {
        return output.toString();
    }

    /**
     * Runs a console command and returns what it printed: the command is followed by an {@code echo} of a unique
     * mark, and the answer is the text before the mark.
     */
    public String console(String command, Duration timeout) {
        String mark = "@@taplease-" + MARKS.incrementAndGet() + "@@";
        int from = output.length();
        send(command + "\necho " + mark + "\n");
        Waits.until(timeout, "the console's answer to '" + command + "'; output so far:\n" + tail(),
                () -> output.indexOf(mark + "\n", from) >= 0 || output.indexOf(mark + "\r", from) >= 0
                        || !process.isAlive());
        assertThat(process.isAlive()).as("the workbench is running; its output:\n" + tail()).isTrue();
        String text = output.substring(from);
        return text.substring(0, text.indexOf(mark));
    }

    /** Repeats a console command until its answer matches {@code regex} (multi-line, dot-all); returns the answer. */
    public String awaitConsole(String command, String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE | Pattern.DOTALL);
        String[] answer = { "" };
        Waits.until(timeout, Duration.ofMillis(500), () -> "'" + command + "' to answer /" + regex + "/; last answer:\n"
                + answer[0], () -> {
                    answer[0] = console(command, Duration.ofSeconds(20));
                    return p.matcher(answer[0]).find();
                });
        return answer[0];
    }

    private void send(String text) {
        try {
            console.write(text);
            console.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("console of the workbench: " + e.getMessage() + "\n" + tail(), e);
        }
    }

    /**
     * Waits for the workbench window (title "WORKSPACE-NAME - ...") and returns its bounds on the screen, from
     * {@code xwininfo -root -tree} (the X server knows the window, whatever the toolkit thinks).
     */
    public Rectangle awaitWindow(Duration timeout) {
        String title = workspace.getFileName().toString();
        // "WS - Tap Workbench " with a product, "WS" alone without one (the plain platform)
        return Screen.awaitWindow(Pattern.quote(title) + "( - [^\"]*)?", timeout,
                () -> "the workbench window \"" + title + " - ...\" on " + System.getenv("DISPLAY"), () -> {
                    if (!process.isAlive()) {
                        Assertions.fail("the workbench ended (exit " + process.exitValue()
                                + ") before its window showed:\n" + tail());
                    }
                });
    }

    /** The last 8000 characters of the output (for failure messages). */
    public String tail() {
        String s = output.toString();
        return s.length() > 8000 ? "..." + s.substring(s.length() - 8000) : s;
    }

    /**
     * Stops the installation as the console does ({@code close}: the framework stops, the workbench saves its state
     * and exits), or with SIGTERM when it has no console, and waits for the process to end; kills it if it does not end
     * within a minute.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                if (withConsole) {
                    send("close\ny\n");
                } else {
                    process.destroy();
                }
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(10, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                    Assertions.fail("the workbench did not stop within 60 s of 'close':\n" + tail());
                }
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (UncheckedIOException e) {
            // the process closed its console: it is ending
            try {
                process.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** The exit code once the process ended. */
    public int exitValue() {
        return process.exitValue();
    }
}
