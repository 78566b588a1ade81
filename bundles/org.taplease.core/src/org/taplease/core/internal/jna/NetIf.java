package org.taplease.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code if_nametoindex(3)} of <a href="https://man7.org/linux/man-pages/man0/net_if.h.0p.html">net/if.h</a>. */
public final class NetIf {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    /** The index of interface {@code name} in the caller's network namespace, or 0 if there is none. */
    public static native int if_nametoindex(String name);

    private NetIf() {
    }
}
