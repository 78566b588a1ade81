package org.taplease.core.internal.engine;

/**
 * The label that marks a tap as taplease's and names its pool and member number:
 * {@code taplease:pool=NAME member=N}, kept in the interface's alias (Linux {@code ifalias}) or description (FreeBSD
 * {@code SIOCSIFDESCR}). One definition for every kernel. The member number picks the member's block of a routed
 * pool's subnet and its MAC, whatever the kernel named the tap.
 */
public final class Labels {

    /** The prefix of a pool label. */
    public static final String PREFIX = "taplease:pool=";
    private static final String MEMBER = "member=";

    /** The label of a member of {@code pool} whose number is not known (a tap made by an older taplease). */
    public static String of(String pool) {
        return PREFIX + pool;
    }

    /** The label of member {@code member} of {@code pool}. */
    public static String of(String pool, int member) {
        return PREFIX + pool + " " + MEMBER + member;
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

    /** The member number a pool label carries, or -1 if it carries none (or is not a pool label). */
    public static int memberOf(String label) {
        if (poolOf(label) == null) {
            return -1;
        }
        for (String field : label.substring(PREFIX.length()).strip().split("\\s+")) {
            if (field.startsWith(MEMBER)) {
                String n = field.substring(MEMBER.length());
                if (!n.isEmpty() && n.length() <= 5 && n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Integer.parseInt(n);
                }
                return -1;
            }
        }
        return -1;
    }

    private Labels() {
    }
}
