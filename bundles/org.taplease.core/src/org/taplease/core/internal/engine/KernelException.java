package org.taplease.core.internal.engine;

/**
 * A system call of a {@link TapKernel} failed, classified for the engine, which turns it into the user's
 * {@code TapException} (summary and fix are the engine's; the kernel adds only platform facts).
 */
public final class KernelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in the terms the engine decides on. */
    public enum Failure {
        /** Another descriptor holds the tap (EBUSY). */
        BUSY,
        /** The interface does not exist (any more), or is not the one that was listed. */
        GONE,
        /** The interface is not a single-queue tap (the engine looks it up to say what it is). */
        NOT_A_TAP,
        /** The caller may not attach this tap (its owner/group/mode do not admit the caller). */
        DENIED,
        /** The device node to open taps through is missing (driver not loaded, container without the node). */
        NO_DEVICE,
        /** The caller may not open the device node at all. */
        DEVICE_DENIED,
        /** Creating, labelling or destroying taps needs privileges the caller has not. */
        NOT_PRIVILEGED,
        /** The platform cannot create taps the way it is configured (e.g. FreeBSD devfs cloning off). */
        CANNOT_CREATE,
        /** Anything else. */
        SYSTEM
    }

    private final Failure failure;
    private final String device;
    private final String operation;
    private final int errno;
    private final String strerror;
    private final String detail;
    private final String fix;

    /**
     * @param device the interface or file concerned
     * @param operation the failed system call (e.g. {@code TUNSETIFF}), or null
     * @param errno its errno, or 0
     * @param strerror {@code strerror(errno)}, or null
     * @param detail a platform fact for the message (e.g. who owns the device node), or null
     * @param fix a platform-specific remedy, or null for the engine's
     */
    public KernelException(Failure failure, String device, String operation, int errno, String strerror,
            String detail, String fix, Throwable cause) {
        super(device + ": " + failure + (operation != null ? " (" + operation + ": " + strerror + ")" : ""), cause);
        this.failure = failure;
        this.device = device;
        this.operation = operation;
        this.errno = errno;
        this.strerror = strerror;
        this.detail = detail;
        this.fix = fix;
    }

    public Failure failure() {
        return failure;
    }

    public String device() {
        return device;
    }

    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    public String strerror() {
        return strerror;
    }

    public String detail() {
        return detail;
    }

    public String fix() {
        return fix;
    }
}
