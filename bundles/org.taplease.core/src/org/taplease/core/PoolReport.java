package org.taplease.core;

import java.util.List;

/**
 * The result of provisioning a pool.
 *
 * @param pool the pool
 * @param created taps created now
 * @param existing members that were there already
 * @param notes things the user should know (e.g. members whose owner differs from the one asked for)
 */
public record PoolReport(String pool, List<String> created, List<String> existing, List<String> notes) {
}
