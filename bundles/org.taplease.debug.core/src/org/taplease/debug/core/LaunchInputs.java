package org.taplease.debug.core;

import java.io.File;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.variables.VariablesPlugin;

/**
 * What a launch configuration names (variables, files, programs), resolved and checked by the rules and with the
 * messages of taplease's launch delegates: the launch tabs validate with these, so a tab's error is the launch's.
 */
public final class LaunchInputs {

    /**
     * The Network tab's label of {@link LaunchAttributes#KERNEL_IP_CONFIG}, as the launch's errors name it: the tab
     * and the delegate use this one text.
     */
    public static final String KERNEL_IP_LABEL = "Configure the guest's network from the lease (kernel ip= argument)";

    /** Substitutes Eclipse's {@code ${...}} variables. */
    public static String substitute(String s) throws CoreException {
        return VariablesPlugin.getDefault().getStringVariableManager().performStringSubstitution(s);
    }

    /**
     * The absolute path of an existing, readable regular file.
     *
     * @param what the field's name for the message, e.g. "Kernel"
     * @throws CoreException naming the field, the path and the fix
     */
    public static String requireFile(String what, String path) throws CoreException {
        File f = new File(path);
        if (!f.isFile()) {
            throw error(what + " " + path + " does not exist (or is not a file): choose an existing file");
        }
        if (!f.canRead()) {
            throw error(what + " " + path + " is not readable: fix its permissions");
        }
        return f.getAbsolutePath();
    }

    /**
     * The absolute path of a program, given by path or found on {@code PATH}.
     *
     * @param what the field's name for the message, e.g. "QEMU binary"
     * @throws CoreException naming the field, the reason and the fix
     */
    public static String requireProgram(String what, String program) throws CoreException {
        if (program == null || program.isBlank()) {
            throw error(what + ": no program given");
        }
        if (program.contains("/")) {
            File f = new File(program);
            if (!f.isFile()) {
                throw error(what + " " + program + " does not exist: install it or fix the path");
            }
            if (!f.canExecute()) {
                throw error(what + " " + program + " is not executable: chmod +x it");
            }
            return f.getAbsolutePath();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir.isEmpty() ? "." : dir, program);
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        throw error(what + " " + program + " was not found on PATH (" + path + "): install it (e.g. apt-get install"
                + " qemu-system-x86) or give its full path");
    }

    private static CoreException error(String message) {
        return new CoreException(Status.error(message));
    }

    private LaunchInputs() {
    }
}
