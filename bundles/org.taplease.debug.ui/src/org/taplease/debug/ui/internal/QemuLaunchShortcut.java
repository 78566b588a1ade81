package org.taplease.debug.ui.internal;

import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.ILaunchShortcut;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.NicSpec;
import org.taplease.ui.TapUi;

/**
 * Run As > QEMU Virtual Machine on a kernel or disk image in the workspace: reuses the configuration that boots that
 * file, or creates one (the file as kernel or disk, one NIC on a free tap of the default pool) and runs it.
 */
public final class QemuLaunchShortcut implements ILaunchShortcut {

    @Override
    public void launch(ISelection selection, String mode) {
        if (selection instanceof IStructuredSelection s && !s.isEmpty()) {
            IFile f = Adapters.adapt(s.getFirstElement(), IFile.class);
            if (f != null) {
                launch(f, mode);
            }
        }
    }

    @Override
    public void launch(IEditorPart editor, String mode) {
        IFile f = Adapters.adapt(editor.getEditorInput(), IFile.class);
        if (f != null) {
            launch(f, mode);
        }
    }

    /** Finds or creates the configuration for {@code file} and launches it. */
    public static ILaunchConfiguration configurationFor(IFile file) throws CoreException {
        String path = file.getLocation().toOSString();
        boolean disk = isDisk(file.getName());
        String key = disk ? LaunchAttributes.DISK : LaunchAttributes.KERNEL;
        ILaunchManager lm = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = lm.getLaunchConfigurationType(LaunchAttributes.QEMU_TYPE);
        for (ILaunchConfiguration c : lm.getLaunchConfigurations(type)) {
            if (path.equals(c.getAttribute(key, ""))) {
                return c;
            }
        }
        ILaunchConfigurationWorkingCopy wc = type.newInstance(null,
                lm.generateLaunchConfigurationName(file.getName()));
        wc.setAttribute(LaunchAttributes.QEMU_BINARY, LaunchAttributes.DEFAULT_QEMU);
        wc.setAttribute(key, path);
        wc.setAttribute(LaunchAttributes.MACHINE, LaunchAttributes.DEFAULT_MACHINE);
        wc.setAttribute(LaunchAttributes.MEMORY_MB, LaunchAttributes.DEFAULT_MEMORY_MB);
        wc.setAttribute(LaunchAttributes.CPUS, LaunchAttributes.DEFAULT_CPUS);
        wc.setAttribute(LaunchAttributes.ACCELERATOR, LaunchAttributes.DEFAULT_ACCELERATOR);
        if (!disk) {
            wc.setAttribute(LaunchAttributes.KERNEL_ARGS, "console=ttyS0");
        }
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool(TapUi.defaultPool()).encode()));
        wc.setMappedResources(new org.eclipse.core.resources.IResource[] { file });
        return wc.doSave();
    }

    static boolean isDisk(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".img") || n.endsWith(".qcow2") || n.endsWith(".raw") || n.endsWith(".iso");
    }

    private static void launch(IFile file, String mode) {
        try {
            DebugUITools.launch(configurationFor(file), mode);
        } catch (CoreException e) {
            ErrorDialog.openError(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(),
                    "Cannot launch " + file.getName(), null, e.getStatus());
        }
    }
}
