package org.taplease.core;

import java.util.List;

/**
 * The result of removing a pool.
 *
 * @param pool the pool
 * @param deleted taps deleted
 * @param kept taps kept because they were held, with their holders
 */
public record PoolRemoval(String pool, List<String> deleted, List<Kept> kept) {

    /** A member that was kept because it was held. */
    public record Kept(String name, List<Holder> holders) {
    }
}
