package org.taplease.debug.core.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.taplease.core.Kvm;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.LaunchInputs;
import org.taplease.debug.core.NicSpec;

/**
 * "QEMU Virtual Machine": qemu-system with kernel/initrd/disk, memory, CPUs, machine, accelerator and one
 * {@code -netdev tap,fd=N} + {@code -device MODEL,netdev=..,mac=..} per NIC. The serial port is the process's
 * standard input/output, so the guest's console is the launch's console. The kernel command line and the extra
 * arguments may use {@code {tap}}, {@code {fd}}, {@code {mac}}, {@code {host_ip}}, {@code {guest_ip}}, {@code {prefix}},
 * {@code {netmask}} (and {@code {tap:N}} ...) for the leased taps; with {@link LaunchAttributes#KERNEL_IP_CONFIG} the
 * kernel command line ends with the first tap's {@code ip=} argument, so a Linux guest configures its {@code eth0}
 * from the lease. In a Debug launch QEMU gets {@code -gdb tcp:127.0.0.1:PORT} on a port chosen free at launch (and
 * {@code -S} with {@link LaunchAttributes#STOP_AT_START}), and gdb can be started connected to it.
 */
public final class QemuLaunchDelegate extends TapLaunchDelegate {

    /** The guest's interface the kernel's {@code ip=} argument configures: the first NIC of a Linux guest. */
    public static final String GUEST_DEVICE = "eth0";
    private static final String KERNEL_IP_LABEL = LaunchInputs.KERNEL_IP_LABEL;

    @Override
    protected String programLabel(ILaunchConfiguration c) throws CoreException {
        String b = c.getAttribute(LaunchAttributes.QEMU_BINARY, LaunchAttributes.DEFAULT_QEMU);
        return b.substring(b.lastIndexOf('/') + 1);
    }

    @Override
    protected Plan plan(ILaunchConfiguration c, List<NicSpec> nics, boolean debug) throws CoreException {
        String binary = LaunchInputs.requireProgram("QEMU binary",
                LaunchInputs.substitute(c.getAttribute(LaunchAttributes.QEMU_BINARY, LaunchAttributes.DEFAULT_QEMU)));
        String kernel = optionalFile(c, LaunchAttributes.KERNEL, "Kernel");
        String initrd = optionalFile(c, LaunchAttributes.INITRD, "Initrd");
        String disk = optionalFile(c, LaunchAttributes.DISK, "Disk image");
        if (kernel == null && disk == null) {
            throw abort("nothing to boot: choose a kernel or a disk image", null);
        }
        if (initrd != null && kernel == null) {
            throw abort("an initrd needs a kernel: choose the kernel, or clear the initrd", null);
        }
        String append = LaunchInputs.substitute(c.getAttribute(LaunchAttributes.KERNEL_ARGS, "")).trim();
        int memory = c.getAttribute(LaunchAttributes.MEMORY_MB, LaunchAttributes.DEFAULT_MEMORY_MB);
        if (memory < 16 || memory > 1 << 20) {
            throw abort("memory " + memory + " MiB is out of range: give 16 to 1048576", null);
        }
        int cpus = c.getAttribute(LaunchAttributes.CPUS, LaunchAttributes.DEFAULT_CPUS);
        if (cpus < 1 || cpus > 512) {
            throw abort("CPUs " + cpus + " is out of range: give 1 to 512", null);
        }
        String machine = c.getAttribute(LaunchAttributes.MACHINE, LaunchAttributes.DEFAULT_MACHINE).trim();
        if (!machine.matches("[A-Za-z0-9_.,=-]+")) {
            throw abort("invalid machine type '" + machine + "': e.g. q35, pc, microvm", null);
        }
        String accel = c.getAttribute(LaunchAttributes.ACCELERATOR, LaunchAttributes.DEFAULT_ACCELERATOR);
        if (!accel.equals("tcg") && !accel.equals("kvm")) {
            throw abort("unknown accelerator '" + accel + "': use tcg or kvm", null);
        }
        if (accel.equals("kvm")) {
            Kvm.Status kvm = Kvm.probe();
            if (!kvm.usable()) {
                throw abort("KVM is not usable here: " + kvm.reason(), null);
            }
        }
        String extraLine = LaunchInputs.substitute(c.getAttribute(LaunchAttributes.EXTRA_ARGS, ""));
        checkPlaceholders("extra arguments", extraLine, nics.size());
        checkPlaceholders("kernel command line", append, nics.size());
        String[] extra = DebugPlugin.splitArguments(extraLine);
        boolean kernelIp = c.getAttribute(LaunchAttributes.KERNEL_IP_CONFIG, false);
        if (kernelIp && kernel == null) {
            throw abort("configuring the guest's network from the lease adds the kernel's ip= argument, which needs a"
                    + " kernel: choose one on the Main tab, or clear \"" + KERNEL_IP_LABEL + "\" on the Network tab",
                    null);
        }
        if (kernelIp && (" " + append).contains(" ip=")) {
            throw abort("the kernel command line has its own ip= argument: remove it, or clear \"" + KERNEL_IP_LABEL
                    + "\" on the Network tab", null);
        }
        if (kernelIp && nics.isEmpty()) {
            throw abort("configuring the guest's network from the lease needs a NIC: add one on the Network tab", null);
        }
        boolean stopAtStart = c.getAttribute(LaunchAttributes.STOP_AT_START, false);
        boolean gdb = c.getAttribute(LaunchAttributes.START_GDB, false);
        String symbols = kernel != null && GdbStub.isElf(kernel) ? kernel : null;
        return new Plan() {
            @Override
            public List<String> command(Leased leased, Integer gdbPort) throws CoreException {
                List<String> cmd = command0(leased);
                if (gdbPort != null) {
                    cmd.addAll(List.of("-gdb", "tcp:" + GdbStub.HOST + ":" + gdbPort));
                    if (stopAtStart) {
                        cmd.add("-S");
                    }
                }
                return cmd;
            }

            @Override
            public boolean opensStub() {
                return true;
            }

            @Override
            public boolean startGdb() {
                return debug && gdb;
            }

            @Override
            public String symbols() {
                return symbols;
            }

            private List<String> command0(Leased leased) throws CoreException {
            List<Integer> fds = leased.fds();
            List<String> macs = leased.macs();
            List<String> cmd = new ArrayList<>(List.of(binary, "-accel", accel, "-M", machine, "-m",
                    Integer.toString(memory), "-smp", Integer.toString(cpus), "-nodefaults", "-display", "none",
                    "-serial", "stdio", "-monitor", "none"));
            if (kernel != null) {
                cmd.addAll(List.of("-kernel", kernel));
            }
            if (initrd != null) {
                cmd.addAll(List.of("-initrd", initrd));
            }
            String line = expand(append, leased, "kernel command line");
            if (kernelIp) {
                String ip = leased.networks().get(0).kernelIpArgument(GUEST_DEVICE);
                if (ip == null) {
                    throw abort(KERNEL_IP_LABEL + ": " + noRoutedNetwork(leased, 0)
                            + ", or clear that option on the Network tab", null);
                }
                line = line.isEmpty() ? ip : line + " " + ip;
            }
            if (!line.isEmpty()) {
                cmd.addAll(List.of("-append", line));
            }
            if (disk != null) {
                cmd.addAll(List.of("-drive", "file=" + disk.replace(",", ",,") + ",if=virtio"));
            }
            for (int i = 0; i < nics.size(); i++) {
                NicSpec n = nics.get(i);
                String id = "tl" + i;
                cmd.addAll(List.of("-netdev", "tap,id=" + id + ",fd=" + fds.get(i) + (n.vnetHdr() ? ",vnet_hdr=on" : ""),
                        "-device", n.model() + ",netdev=" + id + ",mac=" + macs.get(i)));
            }
            for (String e : extra) {
                cmd.add(expand(e, leased, "extra arguments"));
            }
            return cmd;
            }
        };
    }

    private static String optionalFile(ILaunchConfiguration c, String key, String what) throws CoreException {
        String v = LaunchInputs.substitute(c.getAttribute(key, "")).trim();
        return v.isEmpty() ? null : LaunchInputs.requireFile(what, v);
    }
}
