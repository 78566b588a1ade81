package org.taplease.core.internal;

import org.taplease.core.internal.jna.Errno;

/** A failed system call inside the backend; turned into a {@code TapException} at the service boundary. */
public final class SysCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String strerror;

    public SysCallException(String operation, int errno, Throwable cause) {
        this(operation, errno, Errno.message(errno), cause);
    }

    private SysCallException(String operation, int errno, String strerror, Throwable cause) {
        super(operation + ": " + strerror + " (errno " + errno + ")", cause);
        this.operation = operation;
        this.errno = errno;
        this.strerror = strerror;
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    /** {@code strerror(errno)} of the C library this runs on. */
    public String strerror() {
        return strerror;
    }
}
