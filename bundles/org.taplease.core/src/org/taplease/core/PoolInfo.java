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
 */
public record PoolInfo(String name, List<String> members, int free, @Nullable Integer owner, @Nullable Integer group) {

    public int held() {
        return members.size() - free;
    }
}
