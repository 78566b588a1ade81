package org.taplease.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;

/**
 * {@code getgrnam}/{@code getgrgid} of <a href="https://man7.org/linux/man-pages/man0/grp.h.0p.html">grp.h</a> and
 * {@code getgrouplist(3)} (glibc and FreeBSD: grp.h, resp. unistd.h; the same signature).
 */
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

    static native int getgrouplist(String user, int group, int[] groups, IntByReference ngroups);

    /**
     * Whether user {@code uid} is in group {@code gid}: its primary group or a supplementary one, as the group
     * database (NSS) lists them. False for a uid without an account.
     */
    public static boolean isMember(int uid, int gid) {
        Pwd.Account a = Pwd.account(uid);
        if (a == null) {
            return false;
        }
        if (a.gid() == gid) {
            return true;
        }
        int[] groups = new int[64];
        while (true) {
            IntByReference n = new IntByReference(groups.length);
            int r;
            synchronized (Grp.class) {
                r = getgrouplist(a.name(), a.gid(), groups, n);
            }
            if (r >= 0) {
                for (int i = 0; i < n.getValue(); i++) {
                    if (groups[i] == gid) {
                        return true;
                    }
                }
                return false;
            }
            if (groups.length >= 65536) {
                return false;
            }
            groups = new int[Math.max(groups.length * 2, n.getValue())];
        }
    }

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
