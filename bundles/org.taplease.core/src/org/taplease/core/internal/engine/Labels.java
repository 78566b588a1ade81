package org.taplease.core.internal.engine;

/**
 * The label that marks a tap as taplease's and names its pool: {@code taplease:pool=NAME}, kept in the interface's
 * alias (Linux {@code ifalias}) or description (FreeBSD {@code SIOCSIFDESCR}). One definition for every kernel.
 */
public final class Labels {

    /** The prefix of a pool label. */
    public static final String PREFIX = "taplease:pool=";

    /** The label of a member of {@code pool}. */
    public static String of(String pool) {
        return PREFIX + pool;
    }

    /**
     * The pool a label names, or null if it is not a pool label. The pool name ends at the first white space (room
     * for more fields after it); a label with an empty pool name names no pool.
     */
    public static String poolOf(String label) {
        if (label == null || !label.startsWith(PREFIX)) {
            return null;
        }
        String rest = label.substring(PREFIX.length()).strip();
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
            end++;
        }
        return end == 0 ? null : rest.substring(0, end);
    }

    private Labels() {
    }
}
