package org.taplease.cli;

import org.taplease.core.TapException;

/**
 * The exit codes of the {@code taplease} command, from the sysexits.h range so they do not collide with the usual
 * 1 and 2. {@code run} returns the command's own status once the command has started.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** Bad usage: unknown option, missing argument, invalid name or count. */
    public static final int USAGE = 64;
    /** The interface is not a tap (not a tun/tap device, a tun device, or a multi-queue tap). */
    public static final int NOT_A_TAP = 65;
    /** No such interface, or no such pool (no tap carries its label). */
    public static final int NOT_FOUND = 66;
    /** /dev/net/tun is missing, or the platform has no backend. */
    public static final int UNAVAILABLE = 69;
    /** Another system call failed. */
    public static final int SYSTEM = 70;
    /** The tap is held by someone else (or, for pool delete, some taps were kept because they are held). */
    public static final int BUSY = 75;
    /** The pool has taps and every one is held. */
    public static final int EXHAUSTED = 76;
    /** Not allowed: opening /dev/net/tun, attaching an owned tap, or creating/deleting without CAP_NET_ADMIN. */
    public static final int PERMISSION = 77;
    /** {@code doctor}: a check failed (EX_CONFIG: the set-up needs fixing). */
    public static final int UNHEALTHY = 78;
    /** The command given to {@code run} is not executable. */
    public static final int CANNOT_EXECUTE = 126;
    /** The command given to {@code run} was not found. */
    public static final int COMMAND_NOT_FOUND = 127;

    /** The exit code for a failure reason. */
    public static int of(TapException.Reason reason) {
        return switch (reason) {
        case INVALID_NAME, INVALID_REQUEST -> USAGE;
        case NOT_A_TAP, MULTI_QUEUE -> NOT_A_TAP;
        case NOT_FOUND -> NOT_FOUND;
        case NO_TUN_DEVICE, UNSUPPORTED_PLATFORM -> UNAVAILABLE;
        case BUSY -> BUSY;
        case POOL_EXHAUSTED -> EXHAUSTED;
        case PERMISSION -> PERMISSION;
        case COMMAND_NOT_FOUND -> COMMAND_NOT_FOUND;
        case SYSTEM -> SYSTEM;
        };
    }

    private ExitCodes() {
    }
}
