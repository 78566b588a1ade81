package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

import java.util.List;

/**
 * A pool as found in the current network namespace.
 *
 * @param name pool name
 * @param members member taps, sorted
 * @param free members the kernel reports unattached
 * @param owner the members' common owner uid, or null if unset or mixed
 * @param group the members' common gid, or null if unset or mixed
 * @param bridge the bridge every member is a port of, or null if none or mixed
 * @param mtu the members' common MTU, or null if mixed (or no members)
 * @param routed how many members have a host address with a guest address beside it (a routed network)
 */
public record PoolInfo(String name, List<String> members, int free, @Nullable Integer owner, @Nullable Integer group,
        @Nullable String bridge, @Nullable Integer mtu, int routed) {

    public PoolInfo {
        members = List.copyOf(members);
    }

    public PoolInfo(String name, List<String> members, int free, @Nullable Integer owner, @Nullable Integer group) {
        this(name, members, free, owner, group, null, null, 0);
    }

    public int held() {
        return members.size() - free;
    }
}
