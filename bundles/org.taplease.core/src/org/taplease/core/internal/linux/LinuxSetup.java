package org.taplease.core.internal.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.engine.TapKernel;
import org.taplease.core.internal.jna.Stat;
import org.taplease.core.internal.jna.Stat.FileStat;

/**
 * Linux's facts for the doctor ({@link TapKernel#setup()}): {@code /dev/net/tun} (stat, and one open and close, which
 * creates nothing), whether the tun driver is registered ({@code /proc/misc} lists misc minor 200 as {@code tun}
 * once the driver is built in or loaded; {@code /sys/module/tun} exists for a loaded module), and the systemd unit
 * {@code taplease-pools.service} in the directories systemd reads units from.
 */
final class LinuxSetup {

    static final String UNIT = "taplease-pools.service";
    /** Where systemd looks for an administrator's or a package's units, in its order. */
    private static final List<String> UNIT_DIRS = List.of("/etc/systemd/system", "/usr/local/lib/systemd/system",
            "/usr/lib/systemd/system", "/lib/systemd/system");
    private static final int AT_FDCWD = -100;

    static TapKernel.Setup read() {
        String node = TunFd.TUN_PATH;
        FileStat st = Stat.statAtOrNull(AT_FDCWD, node);
        String openError = null;
        if (st != null) {
            try {
                TunFd.close(TunFd.open());
            } catch (SysCallException e) {
                openError = e.strerror() + ", errno " + e.errno();
            }
        } else {
            openError = "no such file";
        }
        boolean misc = procMiscHasTun();
        boolean module = Files.isDirectory(Path.of("/sys/module/tun"));
        String unit = null;
        for (String d : UNIT_DIRS) {
            if (Files.exists(Path.of(d, UNIT))) {
                unit = d + "/" + UNIT;
                break;
            }
        }
        boolean enabled = unit != null && Files.exists(Path.of("/etc/systemd/system/multi-user.target.wants", UNIT));
        return new TapKernel.Setup(node, st != null, st != null && st.isCharDevice(),
                st == null ? 0 : st.permissions(), st == null ? -1 : st.uid(), st == null ? -1 : st.gid(), openError,
                "sudo modprobe tun (it makes " + node + "); in a container: sudo mkdir -p /dev/net && sudo mknod -m"
                        + " 0666 " + node + " c 10 200",
                "sudo chmod 0666 " + node + " and keep it with a udev rule: echo 'KERNEL==\"tun\", MODE=\"0666\"' |"
                        + " sudo tee /etc/udev/rules.d/70-tun.rules (each tap's owner/group still limits who may"
                        + " attach it)",
                "tun", misc || module, misc ? "/proc/misc" : module ? "/sys/module/tun" : "/proc/misc, /sys/module/tun",
                "sudo modprobe tun (and keep it: echo tun | sudo tee /etc/modules-load.d/tun.conf)", unit, enabled,
                "sudo cp releng/systemd/" + UNIT + " /etc/systemd/system/ && sudo systemctl daemon-reload && sudo"
                        + " systemctl enable " + UNIT, true);
    }

    /** Whether {@code /proc/misc} lists the tun driver's misc device ({@code 200 tun}). */
    private static boolean procMiscHasTun() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/misc"))) {
                if (line.trim().endsWith(" tun")) {
                    return true;
                }
            }
        } catch (IOException e) {
            // no /proc: look at /sys/module
        }
        return false;
    }

    private LinuxSetup() {
    }
}
