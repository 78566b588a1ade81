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
 * for the first NIC and the same with {@code :N} (N from 0) for each, plus Eclipse's ${...} variables.
 */
public final class CommandLaunchDelegate extends TapLaunchDelegate {

    @Override
    protected String programLabel(ILaunchConfiguration c) throws CoreException {
        String[] args = DebugPlugin.splitArguments(c.getAttribute(LaunchAttributes.COMMAND_LINE, ""));
        return args.length == 0 ? "command" : args[0].substring(args[0].lastIndexOf('/') + 1);
    }

    @Override
    protected Plan plan(ILaunchConfiguration c, List<NicSpec> nics) throws CoreException {
        String line = LaunchInputs.substitute(c.getAttribute(LaunchAttributes.COMMAND_LINE, "")).trim();
        String[] args = DebugPlugin.splitArguments(line);
        if (args.length == 0) {
            throw abort("no command line: enter the emulator's command, e.g. crosvm run --tap-fd {fd} ...", null);
        }
        String program = LaunchInputs.requireProgram("Program", args[0]);
        checkPlaceholders("command line", line, nics.size());
        String dir = LaunchInputs.substitute(c.getAttribute(LaunchAttributes.WORKING_DIRECTORY, "")).trim();
        if (!dir.isEmpty() && !new File(dir).isDirectory()) {
            throw abort("working directory " + dir + " does not exist: choose an existing directory", null);
        }
        return new Plan() {
            @Override
            public List<String> command(Leased nics) throws CoreException {
                List<String> cmd = new ArrayList<>();
                cmd.add(program);
                for (int i = 1; i < args.length; i++) {
                    cmd.add(expand(args[i], nics, "command line"));
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
