package org.taplease.core;

/** The interface's packet and byte counters ({@code struct rtnl_link_stats64}). Host view: rx = frames the VM sent. */
public record LinkStats(long rxPackets, long rxBytes, long txPackets, long txBytes) {
    public static final LinkStats ZERO = new LinkStats(0, 0, 0, 0);
}
