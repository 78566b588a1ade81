package org.taplease.core;

/**
 * A process that holds a tap open.
 *
 * @param pid process id
 * @param uid the process's user id, or -1 if unknown
 * @param command the command line (arguments joined by spaces), or {@code [comm]} for kernel-named processes
 */
public record Holder(int pid, int uid, String command) {

    /** The program name: the first word of the command, without its directory. */
    public String program() {
        String first = command.isEmpty() ? "?" : command.split(" ", 2)[0];
        int slash = first.lastIndexOf('/');
        return slash >= 0 && slash < first.length() - 1 ? first.substring(slash + 1) : first;
    }

    /** {@code PROGRAM (pid N)}. */
    public String describe() {
        return program() + " (pid " + pid + ")";
    }
}
