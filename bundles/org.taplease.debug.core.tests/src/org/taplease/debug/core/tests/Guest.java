package org.taplease.debug.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.TestGuests;
import org.taplease.core.tests.support.Waits;

/**
 * The tiny guest of releng/test-guest.sh (kernel + busybox initramfs) and the host side the launch tests listen on.
 * The guest given {@code taplease.tap=vmN} uses 10.77.N.2 and connects to 10.77.N.1:7777 to send its token, so a
 * listener on the address of tap vmN receives exactly the tokens of guests attached to vmN.
 */
public final class Guest {

    static final int PORT = 7777;

    /** The guest directory (-Dtaplease.guest); skips outside CI when it was not built, fails in CI. */
    public static Path dir() {
        return TestGuests.dir();
    }

    /** Kernel command line: serial console, the token, the tap placeholder, and how long to stay up. */
    static String kernelArgs(String token, int lingerSeconds) {
        return "console=ttyS0 quiet panic=-1 reboot=t taplease.token=" + token + " taplease.tap={tap} taplease.linger="
                + lingerSeconds;
    }

    /** QEMU's NIC model for the -M pc machine the tests use (no option ROM to load). */
    static final String NIC_MODEL = "virtio-net-pci,romfile=";

    /** Closes a server socket while a thread is blocked accepting on it (see LaunchTest's warm-up). */
    static void closeWhileBlocked() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    s.accept().close();
                } catch (IOException expected) {
                    // closed
                }
            }, "pre-close-warm-up");
            t.start();
            // blocked in accept: the thread's innermost frame is a native method and an accept is on its stack
            Waits.until(Duration.ofSeconds(10), "the warm-up thread to block in accept",
                    () -> !t.isAlive() || blockedIn(t, "accept"));
            s.close();
            t.join(5000);
        }
    }

    /** Whether {@code t} is blocked in native code (innermost frame native) with {@code method} on its stack. */
    private static boolean blockedIn(Thread t, String method) {
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod()
                && Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals(method));
    }

    /** A listener on the host address of tap vmN; {@link #next} gives the lines guests send, in order. */
    static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final java.util.concurrent.LinkedBlockingQueue<String> tokens = new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread thread;

        Listener(String tap, int n) throws IOException {
            Kernel.run("ip", "addr", "add", "10.77." + n + ".1/24", "dev", tap);
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName("10.77." + n + ".1"), PORT));
            server.setSoTimeout(100);
            thread = new Thread(this::accept, "guest-listener-" + tap);
            thread.setDaemon(true);
            thread.start();
        }

        private void accept() {
            while (!server.isClosed()) {
                try (Socket s = server.accept();
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
                    s.setSoTimeout(5000);
                    // one line, then close: busybox's nc waits for the host to close before it exits
                    String line = in.readLine();
                    if (line != null) {
                        tokens.add(line.trim());
                    }
                } catch (SocketTimeoutException e) {
                    // poll for close
                } catch (IOException e) {
                    if (!server.isClosed()) {
                        tokens.add("ERROR " + e);
                    }
                }
            }
        }

        /** The next line a guest sent, waiting up to {@code seconds}; null on timeout. */
        String next(long seconds) throws InterruptedException {
            return tokens.poll(seconds, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            server.close();
            thread.join(5000);
            assertThat(thread.isAlive()).isFalse();
        }
    }

    /**
     * A QEMU launch configuration (not saved) that boots the test guest: kernel arguments {@code kernelArgs}, one NIC
     * on pool {@code pool}, {@code -M pc} (microvm under TCG sometimes hangs in TSC calibration without
     * tsc_early_khz), TCG, 128 MiB, {@code -no-reboot}.
     */
    static org.eclipse.debug.core.ILaunchConfigurationWorkingCopy qemu(String name, String kernelArgs, String pool)
            throws org.eclipse.core.runtime.CoreException {
        Path guest = dir();
        org.eclipse.debug.core.ILaunchConfigurationWorkingCopy wc = org.eclipse.debug.core.DebugPlugin.getDefault()
                .getLaunchManager().getLaunchConfigurationType(org.taplease.debug.core.LaunchAttributes.QEMU_TYPE)
                .newInstance(null, name);
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.QEMU_BINARY, "qemu-system-x86_64");
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.KERNEL, guest.resolve("vmlinux").toString());
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.INITRD, guest.resolve("initramfs.cpio.gz").toString());
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.KERNEL_ARGS, kernelArgs);
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.MACHINE, "pc");
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.MEMORY_MB, 128);
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.ACCELERATOR, "tcg");
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.EXTRA_ARGS, "-no-reboot");
        wc.setAttribute(org.taplease.debug.core.LaunchAttributes.NICS, java.util.List.of(
                new org.taplease.debug.core.NicSpec(pool, null, false, NIC_MODEL, null, false).encode()));
        return wc;
    }

    /** What the launch's processes printed (the guest's serial console and QEMU's errors). */
    static String console(org.eclipse.debug.core.ILaunch launch) {
        StringBuilder b = new StringBuilder();
        for (org.eclipse.debug.core.model.IProcess p : launch.getProcesses()) {
            b.append(p.getStreamsProxy().getOutputStreamMonitor().getContents());
            b.append(p.getStreamsProxy().getErrorStreamMonitor().getContents());
        }
        return b.toString();
    }

    /** Terminates every launch of the launch manager and removes it (test cleanup). */
    static void endAllLaunches() throws org.eclipse.debug.core.DebugException {
        org.eclipse.debug.core.ILaunchManager lm = org.eclipse.debug.core.DebugPlugin.getDefault().getLaunchManager();
        for (org.eclipse.debug.core.ILaunch l : lm.getLaunches()) {
            if (!l.isTerminated()) {
                l.terminate();
            }
            lm.removeLaunch(l);
        }
    }

    private Guest() {
    }
}
