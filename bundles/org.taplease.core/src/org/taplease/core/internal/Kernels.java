package org.taplease.core.internal;

import java.util.Locale;

import org.taplease.core.internal.engine.TapKernel;
import org.taplease.core.internal.freebsd.FreeBsdKernel;
import org.taplease.core.internal.freebsd.LibcFreeBsdSys;
import org.taplease.core.internal.linux.LinuxKernel;

/** The one place that chooses a kernel by operating system. */
public final class Kernels {

    /** The kernel of {@code os.name}: Linux, FreeBSD, or one that says the platform is unsupported. */
    public static TapKernel forPlatform() {
        String os = System.getProperty("os.name", "");
        String lower = os.toLowerCase(Locale.ROOT);
        if (lower.startsWith("linux")) {
            return new LinuxKernel();
        }
        if (lower.startsWith("freebsd")) {
            return new FreeBsdKernel(new LibcFreeBsdSys());
        }
        return new UnsupportedKernel(os.isEmpty() ? "unknown" : os);
    }

    private Kernels() {
    }
}
