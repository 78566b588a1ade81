package org.taplease.debug.core.internal;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.variables.IDynamicVariable;
import org.eclipse.core.variables.IDynamicVariableResolver;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.taplease.debug.core.LaunchAttributes;

/**
 * {@code ${taplease_gdb_port}}: the GDB stub port of the most recent running taplease Debug launch, or with an argument
 * ({@code ${taplease_gdb_port:NAME}}) of the most recent running one of configuration NAME. A launch that follows in a
 * Launch Group (a CDT GDB hardware debugging launch, say) connects to {@code localhost:${taplease_gdb_port}}.
 */
public final class GdbPortVariable implements IDynamicVariableResolver {

    @Override
    public String resolveValue(IDynamicVariable variable, String argument) throws CoreException {
        ILaunch[] launches = DebugPlugin.getDefault().getLaunchManager().getLaunches();
        for (int i = launches.length - 1; i >= 0; i--) { // the launch manager lists launches in the order they came
            ILaunch l = launches[i];
            String port = l.getAttribute(LaunchAttributes.LAUNCH_GDB_PORT);
            ILaunchConfiguration c = l.getLaunchConfiguration();
            if (port != null && !l.isTerminated()
                    && (argument == null || c != null && c.getName().equals(argument))) {
                return port;
            }
        }
        throw new CoreException(Status.error("${" + variable.getName() + (argument == null ? "" : ":" + argument)
                + "}: no taplease Debug launch" + (argument == null ? "" : " of configuration " + argument)
                + " is running: launch " + (argument == null ? "a QEMU or Emulator Command configuration" : argument)
                + " in Debug first (in a Launch Group, put it before this launch)"));
    }
}
