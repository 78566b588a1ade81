package org.taplease.core.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.opentest4j.TestAbortedException;

/** The tiny guest of releng/test-guest.sh (kernel + busybox initramfs) that the QEMU tests boot. */
public final class TestGuests {

    /** The guest directory (-Dtaplease.guest); skips outside CI when it was not built, fails in CI. */
    public static Path dir() {
        String d = System.getProperty("taplease.guest", "");
        Path p = d.isEmpty() ? null : Path.of(d);
        if (p == null || !Files.isRegularFile(p.resolve("vmlinux")) || !Files.isRegularFile(p.resolve("initramfs.cpio.gz"))) {
            String why = "no test guest (-Dtaplease.guest=DIR from releng/test-guest.sh; releng/test.sh sets it)";
            if (Kernel.CI) {
                throw new AssertionError(why);
            }
            System.out.println("SKIPPED: " + why);
            throw new TestAbortedException(why);
        }
        return p;
    }

    private TestGuests() {
    }
}
