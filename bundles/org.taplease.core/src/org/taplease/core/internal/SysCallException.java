package org.taplease.core.internal;

import org.taplease.core.internal.jna.Errno;

/** A failed system call inside the backend; turned into a {@code TapException} at the service boundary. */
public final class SysCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;

    public SysCallException(String operation, int errno, Throwable cause) {
        super(operation + ": " + Errno.message(errno) + " (errno " + errno + ")", cause);
        this.operation = operation;
        this.errno = errno;
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }
}
