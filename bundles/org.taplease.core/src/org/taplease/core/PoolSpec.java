package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

/**
 * A pool to provision or declare.
 *
 * @param name pool name: 1-11 of {@code [A-Za-z0-9_-]}, starting with a letter
 * @param count how many taps the pool should have
 * @param owner uid allowed to attach without privileges, or null
 * @param group gid allowed to attach without privileges, or null
 * @param template name template ({@code {pool}} and {@code %d}), see {@link LeaseRequest#DEFAULT_TEMPLATE}
 * @param keepAddresses keep the taps up with their addresses while nobody holds them. Linux always does; on FreeBSD a
 *        closed tap goes down and loses its addresses unless it has IFF_LINK0, which this sets (a pool with a network
 *        always sets it)
 * @param network the network the members carry ({@link PoolNetwork#NONE}: bare taps)
 */
public record PoolSpec(String name, int count, @Nullable Integer owner, @Nullable Integer group, String template,
        boolean keepAddresses, PoolNetwork network) {

    public PoolSpec(String name, int count, @Nullable Integer owner, @Nullable Integer group) {
        this(name, count, owner, group, LeaseRequest.DEFAULT_TEMPLATE, false, PoolNetwork.NONE);
    }

    public PoolSpec(String name, int count, @Nullable Integer owner, @Nullable Integer group, String template) {
        this(name, count, owner, group, template, false, PoolNetwork.NONE);
    }

    public PoolSpec(String name, int count, @Nullable Integer owner, @Nullable Integer group, String template,
            boolean keepAddresses) {
        this(name, count, owner, group, template, keepAddresses, PoolNetwork.NONE);
    }

    /** The same pool with {@link #keepAddresses()} set as given. */
    public PoolSpec withKeepAddresses(boolean on) {
        return new PoolSpec(name, count, owner, group, template, on, network);
    }

    /** The same pool carrying {@code net}. */
    public PoolSpec withNetwork(PoolNetwork net) {
        return new PoolSpec(name, count, owner, group, template, keepAddresses, net);
    }

    /**
     * Checks what needs no kernel: pool name, count, template, owner/group, and the network's syntax and sizes (CIDR,
     * member block, subnet big enough for the count, MTU, routed or bridged but not both). The same checks the
     * service makes before it changes anything.
     *
     * @return this
     * @throws TapException INVALID_NAME or INVALID_REQUEST naming the cause and the fix
     */
    public PoolSpec requireValid() {
        org.taplease.core.internal.engine.PoolApply.check(this, false);
        return this;
    }

    /** The same pool with {@code n} members. */
    public PoolSpec withCount(int n) {
        return new PoolSpec(name, n, owner, group, template, keepAddresses, network);
    }
}
