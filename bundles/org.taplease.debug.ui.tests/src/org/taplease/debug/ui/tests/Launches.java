package org.taplease.debug.ui.tests;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;

/** Test cleanup of the launch manager: what a UI test launched and configured. */
final class Launches {

    /** Terminates and removes every launch, and deletes every launch configuration. */
    static void removeAll() throws CoreException {
        ILaunchManager lm = DebugPlugin.getDefault().getLaunchManager();
        for (ILaunch l : lm.getLaunches()) {
            if (!l.isTerminated()) {
                l.terminate();
            }
            lm.removeLaunch(l);
        }
        for (ILaunchConfiguration c : lm.getLaunchConfigurations()) {
            c.delete();
        }
    }

    private Launches() {
    }
}
