package org.taplease.core;

import java.util.Locale;

import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.UnsupportedTapService;
import org.taplease.core.internal.freebsd.FreeBsdTapService;
import org.taplease.core.internal.freebsd.LibcFreeBsdSys;
import org.taplease.core.internal.linux.LinuxTapService;

/** Creates the {@link TapService} of the platform this JVM runs on, for use without OSGi. */
public final class TapServices {

    /**
     * The backend for {@code os.name}, chosen once here: Linux; FreeBSD (not yet run on a FreeBSD kernel in this
     * project's CI, see docs/freebsd.md); otherwise one that fails every call with UNSUPPORTED_PLATFORM.
     */
    public static TapService forPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return new LinuxTapService();
        }
        if (os.startsWith("freebsd")) {
            return new FreeBsdTapService(new LibcFreeBsdSys(), HandoffLocks.standard());
        }
        return new UnsupportedTapService(System.getProperty("os.name", "unknown"));
    }

    private TapServices() {
    }
}
