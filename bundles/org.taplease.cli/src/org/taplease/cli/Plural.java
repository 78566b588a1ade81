package org.taplease.cli;

/** Counts in the command's messages: {@code 1 tap}, {@code 2 taps}, {@code 0 taps}. */
public final class Plural {

    /** {@code n} and the noun, with an "s" unless {@code n} is 1. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private Plural() {
    }
}
