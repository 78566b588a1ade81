package org.taplease.core;

/**
 * A pool to provision.
 *
 * @param name pool name: 1-11 of {@code [A-Za-z0-9_-]}, starting with a letter
 * @param count how many taps the pool should have
 * @param owner uid allowed to attach without privileges, or null
 * @param group gid allowed to attach without privileges, or null
 * @param template name template ({@code {pool}} and {@code %d}), see {@link LeaseRequest#DEFAULT_TEMPLATE}
 */
public record PoolSpec(String name, int count, Integer owner, Integer group, String template) {

    public PoolSpec(String name, int count, Integer owner, Integer group) {
        this(name, count, owner, group, LeaseRequest.DEFAULT_TEMPLATE);
    }
}
