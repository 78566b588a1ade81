package org.taplease.debug.core.internal;

import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.IoctlCodes;
import org.taplease.core.internal.jna.Ioctl;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;

/**
 * Whether KVM can be used here: {@code /dev/kvm} exists, this user may open it, it speaks the stable API (version 12)
 * and it creates a VM. That is as far as a probe can go without running a guest: on nested or paravirtualized hosts
 * a device that passes can still hang a guest kernel, which is why TCG stays the default accelerator and KVM is only
 * used when a configuration asks for it.
 */
public final class KvmProbe {

    /** The probe's verdict. */
    public record Result(boolean usable, String reason) {
    }

    static final int KVM_API_VERSION = 12;
    private static final char KVMIO = 0xAE;

    public static Result probe() {
        int fd;
        try {
            fd = Fcntl.open("/dev/kvm", Fcntl.O_RDWR | Fcntl.O_CLOEXEC);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Errno.ENOENT) {
                return new Result(false, "/dev/kvm does not exist (no KVM module, or a VM without nested"
                        + " virtualization): use TCG");
            }
            if (errno == Errno.EACCES || errno == Errno.EPERM) {
                return new Result(false, "you may not open /dev/kvm (add your user to group kvm): use TCG");
            }
            return new Result(false, "/dev/kvm cannot be opened (errno " + errno + "): use TCG");
        }
        try {
            int version = Ioctl.ioctlValue(fd, IoctlCodes.NATIVE.io(KVMIO, 0x00), 0);
            if (version != KVM_API_VERSION) {
                return new Result(false, "/dev/kvm speaks API version " + version + ", not " + KVM_API_VERSION
                        + ": use TCG");
            }
            int vm = Ioctl.ioctlValue(fd, IoctlCodes.NATIVE.io(KVMIO, 0x01), 0);
            Unistd.closeQuietly(vm);
            return new Result(true, "/dev/kvm answers (API " + version + ") and creates a VM. On nested or"
                    + " paravirtualized hosts a guest may still hang under KVM; if it does, use TCG.");
        } catch (LastErrorException e) {
            return new Result(false, "/dev/kvm refused to create a VM (errno " + e.getErrorCode() + "): use TCG");
        } finally {
            Unistd.closeQuietly(fd);
        }
    }

    private KvmProbe() {
    }
}
