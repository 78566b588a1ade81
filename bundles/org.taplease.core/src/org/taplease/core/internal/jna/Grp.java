package org.taplease.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code getgrnam}/{@code getgrgid} of <a href="https://man7.org/linux/man-pages/man0/grp.h.0p.html">grp.h</a>. */
public final class Grp {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    /** The leading members of {@code struct group}. */
    @FieldOrder({ "gr_name", "gr_passwd", "gr_gid" })
    public static class Group extends Structure {
        public String gr_name;
        public String gr_passwd;
        public int gr_gid;

        public Group(Pointer p) {
            super(p);
            read();
        }
    }

    static native Pointer getgrnam(String name);

    static native Pointer getgrgid(int gid);

    /** The gid of group {@code name}, or -1 if there is none. */
    public static synchronized int gidOf(String name) {
        Pointer p = getgrnam(name);
        return p == null ? -1 : new Group(p).gr_gid;
    }

    /** The name of group {@code gid}, or null. */
    public static synchronized String nameOf(int gid) {
        Pointer p = getgrgid(gid);
        return p == null ? null : new Group(p).gr_name;
    }

    private Grp() {
    }
}
