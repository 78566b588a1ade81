package org.taplease.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code getpwnam}/{@code getpwuid} of <a href="https://man7.org/linux/man-pages/man0/pwd.h.0p.html">pwd.h</a>. */
public final class Pwd {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    /** The leading members of {@code struct passwd}. */
    @FieldOrder({ "pw_name", "pw_passwd", "pw_uid", "pw_gid" })
    public static class Passwd extends Structure {
        public String pw_name;
        public String pw_passwd;
        public int pw_uid;
        public int pw_gid;

        public Passwd(Pointer p) {
            super(p);
            read();
        }
    }

    static native Pointer getpwnam(String name);

    static native Pointer getpwuid(int uid);

    /** The uid of user {@code name}, or -1 if there is none. Uses NSS, so LDAP/SSSD users resolve too. */
    public static synchronized int uidOf(String name) {
        Pointer p = getpwnam(name);
        return p == null ? -1 : new Passwd(p).pw_uid;
    }

    /** A user's name and primary group. */
    public record Account(String name, int gid) {
    }

    /** The account of user {@code uid}, or null if there is none. */
    public static synchronized Account account(int uid) {
        Pointer p = getpwuid(uid);
        if (p == null) {
            return null;
        }
        Passwd pw = new Passwd(p);
        return new Account(pw.pw_name, pw.pw_gid);
    }

    /** The name of user {@code uid}, or null. */
    public static synchronized String nameOf(int uid) {
        Pointer p = getpwuid(uid);
        return p == null ? null : new Passwd(p).pw_name;
    }

    private Pwd() {
    }
}
