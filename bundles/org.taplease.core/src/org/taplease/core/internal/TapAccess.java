package org.taplease.core.internal;

import org.taplease.core.internal.jna.Grp;

/**
 * Who may attach a tap, as the lease engine asks it about the holder of a hand-over lock (see
 * {@link HandoffLocks#blocks}). Self-contained: plain values in, no I/O except the group database.
 */
public final class TapAccess {

    private TapAccess() {
    }

    /**
     * Whether user {@code uid} may attach a Linux tap with this owner and group. As the kernel's
     * {@code tun_not_capable} (drivers/net/tun.c): a set owner must be the user and a set group must be one of the
     * user's groups (both, if both are set); root always may. A tap with neither set counts as root's only: whether
     * another user may attach it depends on who may open /dev/net/tun, which this does not guess, so such a user's
     * hand-over lock never keeps anybody off the tap.
     *
     * @param owner the tap's owner uid, null if unset
     * @param group the tap's group gid, null if unset
     */
    public static boolean mayAttach(int uid, Integer owner, Integer group) {
        if (uid == 0) {
            return true;
        }
        if (owner == null && group == null) {
            return false;
        }
        if (owner != null && owner != uid) {
            return false;
        }
        return group == null || Grp.isMember(uid, group);
    }

    /**
     * Whether user {@code uid} may open a FreeBSD tap's device node (read and write) with this owner, group and mode,
     * by the file permission rules (the owner's bits for the owner, the group's for a member, else the others'); root
     * always may.
     */
    public static boolean mayOpenNode(int uid, int nodeUid, int nodeGid, int mode) {
        if (uid == 0) {
            return true;
        }
        if (uid == nodeUid) {
            return (mode & 0600) == 0600;
        }
        if (Grp.isMember(uid, nodeGid)) {
            return (mode & 0060) == 0060;
        }
        return (mode & 0006) == 0006;
    }
}
