package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;
import org.taplease.core.TapException.Reason;

/** Validation of interface, pool and template names, before any system call. */
public final class TapNames {

    /** {@code IFNAMSIZ - 1}: the longest interface name. */
    public static final int MAX_NAME = 15;
    /** The longest pool name: leaves room for four digits of a member number. */
    public static final int MAX_POOL = 11;

    /**
     * Checks an interface name: 1-15 characters of letters, digits, {@code - _ .}, not {@code .} or {@code ..}.
     * The kernel accepts more (anything but {@code /}, {@code :} and white space), but such names break scripts
     * and tools; taplease does not create or accept them.
     */
    public static String requireValidInterface(@Nullable String name) {
        String why = interfaceProblem(name);
        if (why != null || name == null) {
            throw new TapException(Reason.INVALID_NAME, name == null ? "" : printable(name),
                    "invalid interface name: " + why,
                    "use 1-" + MAX_NAME + " letters, digits, '-', '_' or '.'");
        }
        return name;
    }

    /** Why {@code name} is not an acceptable interface name, or null if it is. */
    public static @Nullable String interfaceProblem(@Nullable String name) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        if (name.length() > MAX_NAME) {
            return name.length() + " characters, the kernel allows at most " + MAX_NAME;
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is reserved";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                return "character " + describe(c) + " at position " + (i + 1) + " is not allowed";
            }
        }
        if (name.charAt(0) == '-') {
            return "a leading '-' would be read as an option by tools";
        }
        return null;
    }

    /** Checks a pool name: 1-11 of {@code [A-Za-z0-9_-]}, starting with a letter. */
    public static String requireValidPool(@Nullable String pool) {
        String why = null;
        if (pool == null || pool.isEmpty()) {
            why = "empty";
        } else if (pool.length() > MAX_POOL) {
            why = pool.length() + " characters, at most " + MAX_POOL + " (member names add a number)";
        } else if (!Character.isLetter(pool.charAt(0)) || pool.charAt(0) > 'z') {
            why = "it must start with a letter";
        } else {
            for (int i = 0; i < pool.length(); i++) {
                char c = pool.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    why = "character " + describe(c) + " at position " + (i + 1) + " is not allowed";
                    break;
                }
            }
        }
        if (why != null || pool == null) {
            throw new TapException(Reason.INVALID_NAME, "pool " + (pool == null ? "" : printable(pool)),
                    "invalid pool name: " + why, "use 1-" + MAX_POOL + " letters, digits, '-' or '_', starting with a letter");
        }
        return pool;
    }

    /** The interface name for member {@code n} of {@code pool} under {@code template}. */
    public static String expand(String template, String pool, int n) {
        return template.replace("{pool}", pool).replace("%d", Integer.toString(n));
    }

    /** Checks a template: exactly one {@code %d}, and a valid name for member 0. */
    public static String requireValidTemplate(@Nullable String template, String pool) {
        int first = template == null ? -1 : template.indexOf("%d");
        if (template == null || first < 0 || template.indexOf("%d", first + 1) >= 0) {
            throw new TapException(Reason.INVALID_REQUEST, "template " + template,
                    "a name template needs exactly one %d", "e.g. {pool}%d or vm%d");
        }
        requireValidInterface(expand(template, pool, 0));
        return template;
    }

    /** Orders interface names naturally: {@code tap2} before {@code tap10}. Allocates nothing (sorts 4096 names). */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && isDigit(b.charAt(j))) {
                    j++;
                }
                // leading zeros do not count (but one digit stays): equal lengths then compare digit by digit
                while (si < i - 1 && a.charAt(si) == '0') {
                    si++;
                }
                while (sj < j - 1 && b.charAt(sj) == '0') {
                    sj++;
                }
                if (i - si != j - sj) {
                    return Integer.compare(i - si, j - sj);
                }
                for (int k = 0; k < i - si; k++) {
                    int c = Character.compare(a.charAt(si + k), b.charAt(sj + k));
                    if (c != 0) {
                        return c;
                    }
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** {@link Character#isDigit}, as the comparison always used: any Unicode digit compares as a number. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9' || c > 0x7f && Character.isDigit(c);
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7f) {
            return String.format("U+%04X (control)", (int) c);
        }
        if (Character.isWhitespace(c)) {
            return "' ' (white space)";
        }
        return "'" + c + "'";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.length() > 40 ? b.substring(0, 40) + "..." : b.toString();
    }

    private TapNames() {
    }
}
