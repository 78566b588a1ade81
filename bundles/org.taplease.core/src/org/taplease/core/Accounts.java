package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;
import org.taplease.core.TapException.Reason;
import org.taplease.core.internal.jna.Grp;
import org.taplease.core.internal.jna.Pwd;

/**
 * User and group names: display names for uids/gids, and uid/gid for a name or number given by a user (CLI, UI). Uses
 * the C library's password and group databases ({@code getpwuid(3)}, {@code getgrgid(3)}), so NSS sources count.
 */
public final class Accounts {

    public static @Nullable Integer uid(@Nullable String user) {
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

    public static @Nullable Integer gid(@Nullable String group) {
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

    public static String user(@Nullable Integer uid) {
        if (uid == null) {
            return "-";
        }
        String n = Pwd.nameOf(uid);
        return n != null ? n : uid.toString();
    }

    public static String group(@Nullable Integer gid) {
        if (gid == null) {
            return "-";
        }
        String n = Grp.nameOf(gid);
        return n != null ? n : gid.toString();
    }

    private Accounts() {
    }
}
