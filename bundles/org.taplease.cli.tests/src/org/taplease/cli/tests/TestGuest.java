package org.taplease.cli.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.taplease.core.tests.support.TestGuests;

/**
 * The tiny guest of releng/test-guest.sh (Debian's kernel + a busybox initramfs), booted by QEMU under
 * {@code taplease run}. Its /init reads the kernel's {@code ip=} argument, sends a token over TCP to the gateway of
 * {@code ip=} (or to {@code taplease.peer=}), or listens for one ({@code taplease.listen=}), and prints markers on the
 * serial console (QEMU's standard output).
 */
final class TestGuest {

    /** Upper bound of one guest's life (QEMU runs under {@code timeout}): a hung boot cannot hang the test run. */
    static final int QEMU_TIMEOUT_SECONDS = 180;

    /** The guest directory (-Dtaplease.guest); skips outside CI when it was not built, fails in CI. */
    static Path dir() {
        return TestGuests.dir();
    }

    /**
     * {@code timeout S qemu-system-x86_64 ...} on the leased tap ({@code fd={fd}}, the guest's MAC {@code {mac}}),
     * TCG only (the KVM device of these machines hangs stock kernels), {@code -M pc} (needs no TSC frequency on the
     * command line), serial console on standard output, {@code append} after the console arguments.
     */
    static List<String> qemu(String append) {
        Path d = dir();
        List<String> c = new ArrayList<>(List.of("timeout", Integer.toString(QEMU_TIMEOUT_SECONDS),
                "qemu-system-x86_64", "-accel", "tcg", "-M", "pc", "-m", "128", "-smp", "1", "-no-reboot",
                "-nodefaults", "-display", "none", "-monitor", "none", "-serial", "stdio",
                "-kernel", d.resolve("vmlinux").toString(), "-initrd", d.resolve("initramfs.cpio.gz").toString(),
                "-netdev", "tap,id=n0,fd={fd}", "-device", "virtio-net-pci,romfile=,netdev=n0,mac={mac}",
                "-append", "console=ttyS0 quiet panic=-1 reboot=t " + append));
        return c;
    }

    /** A file's text, or "" if it cannot be read (yet). */
    static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private TestGuest() {
    }
}
