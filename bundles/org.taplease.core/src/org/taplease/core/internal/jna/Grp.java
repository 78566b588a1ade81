package org.taplease.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.ptr.IntByReference;

/** {@code getgrnam}/{@code getgrgid}/{@code getgrouplist} of <a href="https://man7.org/linux/man-pages/man0/grp.h.0p.html">grp.h</a>. */
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

    /** Whether user {@code uid} is a member of group {@code gid}: its primary group or a supplementary one (NSS). */
    public static boolean isMember(int uid, int gid) {
        String user;
        int primary;
        synchronized (Pwd.class) {
            Pointer p = Pwd.getpwuid(uid);
            if (p == null) {
                return false;
            }
            Pwd.Passwd pw = new Pwd.Passwd(p);
            user = pw.pw_name;
            primary = pw.pw_gid;
        }
        if (primary == gid) {
            return true;
        }
        int[] groups = new int[64];
        IntByReference n = new IntByReference(groups.length);
        if (getgrouplist(user, primary, groups, n) < 0) {
            groups = new int[n.getValue()]; // too small: n now says how many there are
            n.setValue(groups.length);
            if (getgrouplist(user, primary, groups, n) < 0) {
                return false;
            }
        }
        for (int i = 0; i < n.getValue(); i++) {
            if (groups[i] == gid) {
                return true;
            }
        }
        return false;
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
