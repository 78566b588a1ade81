package org.taplease.debug.core.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.LaunchInputs;
import org.taplease.debug.core.NicSpec;

/**
 * "Emulator Command": any command line (crosvm, cloud-hypervisor, a QEMU wrapper, a user-space network stack) with
 * {@code {fd}}, {@code {tap}}, {@code {mac}}, {@code {host_ip}}, {@code {guest_ip}}, {@code {prefix}}, {@code {netmask}}
 * for the first NIC and the same with {@code :N} (N from 0) for each, plus Eclipse's ${...} variables. A Debug launch
 * replaces {@code {gdb_port}} with a free port on 127.0.0.1 for the emulator's GDB stub (an error in Run, and required
 * in Debug). The command's stub is not waited for: the launch cannot know which process of a wrapper opens it.
 */
public final class CommandLaunchDelegate extends TapLaunchDelegate {

    /** The placeholder of the GDB stub's port (Debug launches only). */
    public static final String GDB_PORT = "{gdb_port}";

    @Override
    protected String programLabel(ILaunchConfiguration c) throws CoreException {
        String[] args = DebugPlugin.splitArguments(c.getAttribute(LaunchAttributes.COMMAND_LINE, ""));
        return args.length == 0 ? "command" : args[0].substring(args[0].lastIndexOf('/') + 1);
    }

    @Override
    protected Plan plan(ILaunchConfiguration c, List<NicSpec> nics, boolean debug) throws CoreException {
        String line = LaunchInputs.substitute(c.getAttribute(LaunchAttributes.COMMAND_LINE, "")).trim();
        String[] args = DebugPlugin.splitArguments(line);
        if (args.length == 0) {
            throw abort("no command line: enter the emulator's command, e.g. crosvm run --tap-fd {fd} ...", null);
        }
        String program = LaunchInputs.requireProgram("Program", args[0]);
        checkPlaceholders("command line", line, nics.size());
        boolean usesPort = line.contains(GDB_PORT);
        if (usesPort && !debug) {
            throw abort("command line: " + GDB_PORT + " is the GDB stub's port of a Debug launch: launch in Debug"
                    + " (Debug As, or the Debug button), or remove " + GDB_PORT, null);
        }
        if (!usesPort && debug) {
            throw abort("command line: a Debug launch gives the emulator a free GDB port through " + GDB_PORT
                    + ", which the command line does not use: add it (e.g. -gdb tcp:127.0.0.1:" + GDB_PORT
                    + "), or launch in Run", null);
        }
        String dir = LaunchInputs.substitute(c.getAttribute(LaunchAttributes.WORKING_DIRECTORY, "")).trim();
        if (!dir.isEmpty() && !new File(dir).isDirectory()) {
            throw abort("working directory " + dir + " does not exist: choose an existing directory", null);
        }
        return new Plan() {
            @Override
            public List<String> command(Leased nics, Integer gdbPort) throws CoreException {
                List<String> cmd = new ArrayList<>();
                cmd.add(program);
                for (int i = 1; i < args.length; i++) {
                    String a = expand(args[i], nics, "command line");
                    cmd.add(gdbPort == null ? a : a.replace(GDB_PORT, gdbPort.toString()));
                }
                return cmd;
            }

            @Override
            public String directory() {
                return dir.isEmpty() ? null : dir;
            }
        };
    }
}
