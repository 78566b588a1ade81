package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Functions of <a href="https://man7.org/linux/man-pages/man0/unistd.h.0p.html">unistd.h</a>. */
public final class Unistd {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    public static native int close(int fd) throws LastErrorException;

    public static native int write(int fd, byte[] buf, long count) throws LastErrorException;

    /** {@code read(2)}; returns -1 instead of throwing, for scans of /proc where failures are expected. */
    public static native int read(int fd, byte[] buf, long count);

    /** {@code readlink(2)}; returns -1 instead of throwing (errno is not needed by its callers). */
    public static native int readlink(String path, byte[] buf, long size);

    /** {@code readlinkat(2)} relative to a directory descriptor; returns -1 instead of throwing. */
    public static native int readlinkat(int dirfd, String path, byte[] buf, long size);

    public static native int geteuid();

    /** {@code chown(2)} (the FreeBSD backend gives a pool tap's device node to its owner). */
    public static native int chown(String path, int owner, int group) throws LastErrorException;

    /** {@code pipe2(2)}: {@code fds[0]} the read end, {@code fds[1]} the write end. */
    public static native int pipe2(int[] fds, int flags) throws LastErrorException;

    /** Closes {@code fd}, ignoring errors: for cleanup paths where an earlier error is being reported. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (LastErrorException ignored) {
                // the fd is released by the kernel even when close reports an error (EINTR/EIO)
            }
        }
    }

    private Unistd() {
    }
}
