package org.taplease.core;

import org.taplease.core.TapException.Reason;
import org.taplease.core.internal.jna.Grp;
import org.taplease.core.internal.jna.Pwd;

/**
 * User and group names: display names for uids/gids, and uid/gid for a name or number given by a user (CLI, UI). Uses
 * the C library's password and group databases ({@code getpwuid(3)}, {@code getgrgid(3)}), so NSS sources count.
 */
public final class Accounts {

    public static Integer uid(String user) {
        if (user == null) {
            return null;
        }
        if (user.matches("\\d+")) {
            return Integer.valueOf(user);
        }
        int uid = Pwd.uidOf(user);
        if (uid < 0) {
            throw new TapException(Reason.INVALID_REQUEST, "--owner " + user, "no such user",
                    "give an existing user name or a numeric uid");
        }
        return uid;
    }

    public static Integer gid(String group) {
        if (group == null) {
            return null;
        }
        if (group.matches("\\d+")) {
            return Integer.valueOf(group);
        }
        int gid = Grp.gidOf(group);
        if (gid < 0) {
            throw new TapException(Reason.INVALID_REQUEST, "--group " + group, "no such group",
                    "give an existing group name or a numeric gid");
        }
        return gid;
    }

    public static String user(Integer uid) {
        if (uid == null) {
            return "-";
        }
        String n = Pwd.nameOf(uid);
        return n != null ? n : uid.toString();
    }

    public static String group(Integer gid) {
        if (gid == null) {
            return "-";
        }
        String n = Grp.nameOf(gid);
        return n != null ? n : gid.toString();
    }

    private Accounts() {
    }
}
