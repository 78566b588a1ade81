package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

import java.util.Objects;

/**
 * Why a tap operation failed, with what to do about it. Nothing was changed when this is thrown, unless the message
 * says otherwise.
 */
public class TapException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kinds of failure a caller tells apart. */
    public enum Reason {
        /** The name is empty, too long or has characters interface names may not have. */
        INVALID_NAME,
        /** A request parameter other than a name is wrong (count, template, fd number, ...). */
        INVALID_REQUEST,
        /** No interface of that name exists (or it vanished before it could be attached). */
        NOT_FOUND,
        /** The tap is attached by another descriptor. */
        BUSY,
        /** The caller may not open /dev/net/tun, attach this tap, or change taps. */
        PERMISSION,
        /** The interface is not a tap: not a tun/tap device at all, or a tun (L3) device. */
        NOT_A_TAP,
        /** The tap is multi-queue: it accepts more attachers, so it cannot be leased exclusively. */
        MULTI_QUEUE,
        /** Every tap of the pool is held (and creating was not allowed). */
        POOL_EXHAUSTED,
        /** /dev/net/tun does not exist. */
        NO_TUN_DEVICE,
        /** This operating system has no backend. */
        UNSUPPORTED_PLATFORM,
        /** The program to start was not found. */
        COMMAND_NOT_FOUND,
        /** Any other failure of a system call. */
        SYSTEM
    }

    private final Reason reason;
    private final String summary;
    private final @Nullable String fix;
    private final int errno;
    private final @Nullable String strerror;
    private final @Nullable String operation;
    private final @Nullable String device;

    public TapException(Reason reason, @Nullable String device, String summary, @Nullable String fix) {
        this(reason, device, summary, fix, 0, null, null, null);
    }

    public TapException(Reason reason, @Nullable String device, String summary, @Nullable String fix, int errno,
            @Nullable String strerror, @Nullable String operation, @Nullable Throwable cause) {
        super(compose(device, summary, fix, errno, strerror, operation), cause);
        this.reason = Objects.requireNonNull(reason);
        this.summary = summary;
        this.fix = fix;
        this.errno = errno;
        this.strerror = strerror;
        this.operation = operation;
        this.device = device;
    }

    private static String compose(@Nullable String device, String summary, @Nullable String fix, int errno,
            @Nullable String strerror, @Nullable String operation) {
        StringBuilder b = new StringBuilder();
        if (device != null && !device.isEmpty()) {
            b.append(device).append(": ");
        }
        b.append(summary);
        if (operation != null) {
            b.append(" (").append(operation);
            if (errno != 0) {
                b.append(": ").append(strerror).append(", errno ").append(errno);
            }
            b.append(')');
        }
        if (fix != null && !fix.isEmpty()) {
            b.append(". Fix: ").append(fix);
        }
        return b.toString();
    }

    public Reason reason() {
        return reason;
    }

    /** The failure in a few words, without device, errno or fix. */
    public String summary() {
        return summary;
    }

    /** What the user can do, or null. */
    public @Nullable String fix() {
        return fix;
    }

    /** The errno of the failed system call, or 0. */
    public int errno() {
        return errno;
    }

    /** {@code strerror(errno)}, or null. */
    public @Nullable String strerror() {
        return strerror;
    }

    /** The failed operation (e.g. {@code TUNSETIFF}), or null. */
    public @Nullable String operation() {
        return operation;
    }

    /** The interface or file concerned, or null. */
    public @Nullable String device() {
        return device;
    }
}
