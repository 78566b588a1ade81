package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Ioctl;
import org.taplease.core.internal.jna.IoctlCodes;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;

/**
 * Whether KVM can be used here: {@code /dev/kvm} exists, this user may open it, it speaks the stable API (version 12)
 * and it creates a VM. That is as far as a probe can go without running a guest: on nested or paravirtualized hosts
 * a device that passes can still hang a guest kernel, which is why TCG stays the default accelerator and KVM is only
 * used when a configuration asks for it. A probe makes system calls that may take a moment: never call it on a UI
 * thread.
 */
public final class Kvm {

    /** The device node probed. */
    public static final String DEVICE = "/dev/kvm";
    static final int KVM_API_VERSION = 12;
    private static final char KVMIO = 0xAE;

    /**
     * The probe's verdict.
     *
     * @param usable whether KVM answered and created a VM
     * @param reason the verdict in a sentence, with what to do (e.g. "use TCG")
     * @param errno the errno of the failed system call, or 0
     * @param strerror {@code strerror(errno)}, or null
     */
    public record Status(boolean usable, String reason, int errno, @Nullable String strerror) {
    }

    /** Probes {@link #DEVICE}. Never throws for a missing or refused device: that is a verdict. */
    public static Status probe() {
        int fd;
        try {
            fd = Fcntl.open(DEVICE, Fcntl.O_RDWR | Fcntl.O_CLOEXEC);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            String strerror = Errno.message(errno);
            if (errno == Errno.ENOENT) {
                return new Status(false, DEVICE + " does not exist (" + strerror + "): no KVM module, or a VM without"
                        + " nested virtualization: use TCG", errno, strerror);
            }
            if (errno == Errno.EACCES || errno == Errno.EPERM) {
                return new Status(false, "you may not open " + DEVICE + " (" + strerror + "): add your user to group"
                        + " kvm, or use TCG", errno, strerror);
            }
            return new Status(false, DEVICE + " cannot be opened (open: " + strerror + ", errno " + errno
                    + "): use TCG", errno, strerror);
        }
        try {
            int version = Ioctl.ioctlValue(fd, IoctlCodes.NATIVE.io(KVMIO, 0x00), 0);
            if (version != KVM_API_VERSION) {
                return new Status(false, DEVICE + " speaks API version " + version + ", not " + KVM_API_VERSION
                        + ": use TCG", 0, null);
            }
            int vm = Ioctl.ioctlValue(fd, IoctlCodes.NATIVE.io(KVMIO, 0x01), 0);
            Unistd.closeQuietly(vm);
            return new Status(true, DEVICE + " answers (API " + version + ") and creates a VM. On nested or"
                    + " paravirtualized hosts a guest may still hang under KVM; if it does, use TCG.", 0, null);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            String strerror = Errno.message(errno);
            return new Status(false, DEVICE + " refused to create a VM (KVM_CREATE_VM: " + strerror + ", errno "
                    + errno + "): use TCG", errno, strerror);
        } finally {
            Unistd.closeQuietly(fd);
        }
    }

    private Kvm() {
    }
}
