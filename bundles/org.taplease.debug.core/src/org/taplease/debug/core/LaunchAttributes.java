package org.taplease.debug.core;

/**
 * Launch configuration attribute keys of taplease's launch types. These keys are permanent: they are stored in users'
 * .launch files, so a key is never renamed or reused; new keys get the same bundle-id prefix.
 */
public final class LaunchAttributes {

    private static final String P = "org.taplease.debug.core.";

    /** Launch type "QEMU Virtual Machine". */
    public static final String QEMU_TYPE = P + "qemu";
    /** Launch type "Emulator Command". */
    public static final String COMMAND_TYPE = P + "command";

    // QEMU (Main tab)
    /** String: the qemu-system binary, a name on PATH or an absolute path. */
    public static final String QEMU_BINARY = P + "qemuBinary";
    /** String: kernel image ({@code -kernel}), may be empty. */
    public static final String KERNEL = P + "kernel";
    /** String: initrd ({@code -initrd}), may be empty. */
    public static final String INITRD = P + "initrd";
    /** String: kernel command line ({@code -append}). */
    public static final String KERNEL_ARGS = P + "kernelArgs";
    /** String: disk image ({@code -drive file=...,if=virtio}), may be empty. */
    public static final String DISK = P + "disk";
    /** Int: memory in MiB. */
    public static final String MEMORY_MB = P + "memoryMb";
    /** Int: number of CPUs. */
    public static final String CPUS = P + "cpus";
    /** String: machine type ({@code -M}). */
    public static final String MACHINE = P + "machine";
    /** String: accelerator, {@code tcg} or {@code kvm} (see {@code org.taplease.core.Kvm}). */
    public static final String ACCELERATOR = P + "accelerator";
    /** String: extra QEMU arguments, parsed like a shell command line (variables allowed). */
    public static final String EXTRA_ARGS = P + "extraArgs";

    // QEMU (Main tab), Debug launches only
    /** Boolean: in a Debug launch, QEMU stops at the guest's first instruction ({@code -S}) until a debugger continues. */
    public static final String STOP_AT_START = P + "stopAtStart";
    /**
     * Boolean: in a Debug launch, also start {@code gdb} (or {@code gdb-multiarch}) from the launch's PATH connected
     * to the guest's stub, with the kernel's symbols if the kernel is an ELF file, in its own console.
     */
    public static final String START_GDB = P + "startGdb";

    // Emulator Command
    /**
     * String: the command line; {@code {fd}}, {@code {tap}}, {@code {mac}}, {@code {host_ip}}, {@code {guest_ip}},
     * {@code {prefix}}, {@code {netmask}} (first NIC) and the same with {@code :N} for NIC N; {@code {gdb_port}} (Debug
     * launches only) for the GDB stub's port on 127.0.0.1.
     */
    public static final String COMMAND_LINE = P + "commandLine";
    /** String: working directory (variables allowed), may be empty. */
    public static final String WORKING_DIRECTORY = P + "workingDirectory";

    // Network tab, both types
    /** List of String: one encoded {@code NicSpec} per NIC. */
    public static final String NICS = P + "nics";
    /** List of String: the taps the last launch leased, one per NIC (preferred by the next launch). */
    public static final String LAST_TAPS = P + "lastTaps";
    /**
     * Boolean (QEMU type): append the Linux kernel's {@code ip=} argument for the first NIC's tap to the kernel command
     * line ({@code TapNetwork.kernelIpArgument("eth0")}), so a Linux guest configures itself from the lease. The tap
     * must carry a routed network.
     */
    public static final String KERNEL_IP_CONFIG = P + "kernelIpConfig";

    // attributes of a launch (not of a configuration)
    /** On the launch: comma-separated taps it leased. */
    public static final String LAUNCH_TAPS = P + "launchTaps";
    /** On the launch (and its process): the first NIC's host address, if its tap is routed (as TAPLEASE_HOST_IP). */
    public static final String LAUNCH_HOST_IP = P + "launchHostIp";
    /** On the launch (and its process): the first NIC's guest address, if its tap is routed (as TAPLEASE_GUEST_IP). */
    public static final String LAUNCH_GUEST_IP = P + "launchGuestIp";
    /** On the launch (and its process): the prefix length of the host address (as TAPLEASE_PREFIX). */
    public static final String LAUNCH_PREFIX = P + "launchPrefix";
    /** On the launch (and its process): the netmask of the host address (as TAPLEASE_NETMASK). */
    public static final String LAUNCH_NETMASK = P + "launchNetmask";
    /** On the launch (and its process): the bridge the first NIC's tap is a port of, if any (as TAPLEASE_BRIDGE). */
    public static final String LAUNCH_BRIDGE = P + "launchBridge";
    /** On the launch (and its process): the first NIC's MAC (as TAPLEASE_MAC). */
    public static final String LAUNCH_MAC = P + "launchMac";

    /**
     * On a Debug launch (and its emulator process): the TCP port of the guest's GDB stub on 127.0.0.1, chosen free at
     * launch; also the value of the variable {@code ${taplease_gdb_port}}.
     */
    public static final String LAUNCH_GDB_PORT = P + "launchGdbPort";
    /** On a Debug launch that was to start gdb and could not: why, and what to install. */
    public static final String LAUNCH_GDB_WARNING = P + "launchGdbWarning";

    /** The address of the guest's GDB stub in Debug launches: loopback only. */
    public static final String GDB_HOST = "127.0.0.1";

    public static final String DEFAULT_QEMU = "qemu-system-x86_64";
    public static final int DEFAULT_MEMORY_MB = 256;
    public static final int DEFAULT_CPUS = 1;
    public static final String DEFAULT_MACHINE = "q35";
    public static final String DEFAULT_ACCELERATOR = "tcg";

    private LaunchAttributes() {
    }
}
