package org.taplease.core.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jdt.annotation.Nullable;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Signal;
import org.taplease.core.internal.jna.Spawn;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

/**
 * Starts a program with open descriptors handed over at chosen numbers, e.g. a leased tap at fd 3 for QEMU's
 * {@code -netdev tap,fd=3}. {@link ProcessBuilder} cannot do this: the JDK closes every descriptor above 2 in the
 * child. This uses {@code posix_spawnp} with {@code dup2} file actions, so the child starts holding the descriptor
 * and there is no moment when it is not attached.
 * <p>
 * The child inherits standard input, output and error (or gets pipes, see {@link #pipeStandardStreams}) and the
 * descriptors handed over, and nothing else of this process: every other descriptor (a JVM has its class path's jars,
 * {@code /dev/random}, internal pipes open, some without close-on-exec) is closed in the child before the program
 * runs. It gets default signal dispositions and an empty signal mask, and finds its program on {@code PATH}.
 */
public final class TapProcessBuilder {

    private final List<String> command;
    private final Map<String, String> environment;
    private final Map<Integer, Integer> fds = new LinkedHashMap<>();
    private boolean newSession;
    private boolean pipes;
    private @Nullable String directory;

    public TapProcessBuilder(List<String> command) {
        if (command.isEmpty()) {
            throw new TapException(Reason.INVALID_REQUEST, null, "no command given", "name the program to start");
        }
        this.command = List.copyOf(command);
        this.environment = new TreeMap<>(System.getenv());
    }

    /** The child's environment, initially a copy of this process's; modify it in place. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Hands {@code fd} to the child as descriptor {@code target} (close-on-exec cleared). */
    public TapProcessBuilder passFd(int fd, int target) {
        if (target < 0 || target <= 2 && target != fd) {
            throw new TapException(Reason.INVALID_REQUEST, null, "descriptor " + target + " is not allowed",
                    "use a number of 3 or more (0-2 are standard input, output and error)");
        }
        fds.put(target, fd);
        return this;
    }

    /** Starts the child in a new session (detached from the terminal's process group). */
    public TapProcessBuilder newSession(boolean on) {
        this.newSession = on;
        return this;
    }

    /** The child's working directory (null: this process's). */
    public TapProcessBuilder directory(@Nullable String dir) {
        this.directory = dir;
        return this;
    }

    /**
     * Gives the child pipes as standard input, output and error instead of this process's; read and write them
     * through {@link TapProcess#stdout()}, {@link TapProcess#stderr()} and {@link TapProcess#stdin()} (an IDE console).
     */
    public TapProcessBuilder pipeStandardStreams(boolean on) {
        this.pipes = on;
        return this;
    }

    /**
     * Starts the program.
     *
     * @throws TapException {@link Reason#COMMAND_NOT_FOUND} if the program is not found, else
     *         {@link Reason#PERMISSION} or {@link Reason#SYSTEM}
     */
    public TapProcess start() {
        Memory fa = Spawn.opaque();
        Memory attr = Spawn.opaque();
        Memory sigs = new Memory(Signal.SIZEOF_SIGSET);
        boolean faInit = false;
        boolean attrInit = false;
        int[][] std = null; // [stdin, stdout, stderr] pipes: {read end, write end}, all close-on-exec
        boolean started = false;
        try {
            check(Spawn.posix_spawn_file_actions_init(fa), "posix_spawn_file_actions_init");
            faInit = true;
            if (pipes) {
                std = new int[][] { { -1, -1 }, { -1, -1 }, { -1, -1 } };
                for (int i = 0; i < 3; i++) {
                    try {
                        Unistd.pipe2(std[i], Fcntl.O_CLOEXEC);
                    } catch (LastErrorException e) {
                        throw new TapException(Reason.SYSTEM, null, "could not create pipes for the child", null,
                                e.getErrorCode(), Errno.message(e.getErrorCode()), "pipe2", e);
                    }
                }
            }
            Map<Integer, Integer> wanted = new TreeMap<>(); // the child's descriptor -> this process's
            if (std != null) {
                wanted.put(0, std[0][0]);
                wanted.put(1, std[1][1]);
                wanted.put(2, std[2][1]);
            }
            wanted.putAll(fds);
            addDescriptorActions(fa, wanted);
            if (directory != null) {
                check(Spawn.posix_spawn_file_actions_addchdir_np(fa, directory),
                        "posix_spawn_file_actions_addchdir_np");
            }
            check(Spawn.posix_spawnattr_init(attr), "posix_spawnattr_init");
            attrInit = true;
            Signal.sigemptyset(sigs);
            check(Spawn.posix_spawnattr_setsigmask(attr, sigs), "posix_spawnattr_setsigmask");
            Signal.sigfillset(sigs);
            check(Spawn.posix_spawnattr_setsigdefault(attr, sigs), "posix_spawnattr_setsigdefault");
            short flags = (short) (Spawn.POSIX_SPAWN_SETSIGMASK | Spawn.POSIX_SPAWN_SETSIGDEF
                    | (newSession ? Spawn.POSIX_SPAWN_SETSID : 0));
            check(Spawn.posix_spawnattr_setflags(attr, flags), "posix_spawnattr_setflags");
            List<String> env = new ArrayList<>(environment.size());
            environment.forEach((k, v) -> env.add(k + "=" + v));
            IntByReference pid = new IntByReference();
            int err = Spawn.posix_spawnp(pid, command.get(0), fa, attr, new StringArray(command.toArray(new String[0])),
                    new StringArray(env.toArray(new String[0])));
            if (err != 0) {
                throw spawnFailure(err);
            }
            started = true;
            if (std == null) {
                return new TapProcess(pid.getValue(), command);
            }
            // keep our ends (stdin's write end, stdout's and stderr's read ends); close the child's below
            return new TapProcess(pid.getValue(), command, std[0][1], std[1][0], std[2][0]);
        } finally {
            if (std != null) {
                Unistd.closeQuietly(std[0][0]);
                Unistd.closeQuietly(std[1][1]);
                Unistd.closeQuietly(std[2][1]);
                if (!started) {
                    Unistd.closeQuietly(std[0][1]);
                    Unistd.closeQuietly(std[1][0]);
                    Unistd.closeQuietly(std[2][0]);
                }
            }
            if (faInit) {
                Spawn.posix_spawn_file_actions_destroy(fa);
            }
            if (attrInit) {
                Spawn.posix_spawnattr_destroy(attr);
            }
            fa.close();
            attr.close();
            sigs.close();
        }
    }

    /**
     * File actions that leave the child exactly 0-2 (inherited, or the pipes in {@code wanted}) and the descriptors in
     * {@code wanted} (child's number -> this process's), closing everything else, gaps between them included. Every
     * source is first copied above all numbers involved, then moved to its target, so that a source that is another
     * one's target (hand 7 as 3 and 3 as 7) is not overwritten first; {@code dup2} clears close-on-exec on each copy.
     */
    private static void addDescriptorActions(Memory fa, Map<Integer, Integer> wanted) {
        int top = 2;
        for (Map.Entry<Integer, Integer> e : wanted.entrySet()) {
            top = Math.max(top, Math.max(e.getKey(), e.getValue()));
        }
        int staging = top + 1;
        int i = 0;
        for (int source : wanted.values()) {
            check(Spawn.posix_spawn_file_actions_adddup2(fa, source, staging + i++), "posix_spawn_file_actions_adddup2");
        }
        i = 0;
        int highestTarget = 2;
        for (int target : wanted.keySet()) {
            check(Spawn.posix_spawn_file_actions_adddup2(fa, staging + i++, target), "posix_spawn_file_actions_adddup2");
            highestTarget = Math.max(highestTarget, target);
        }
        for (int fd = 3; fd < highestTarget; fd++) {
            if (!wanted.containsKey(fd)) {
                check(Spawn.posix_spawn_file_actions_addclose(fa, fd), "posix_spawn_file_actions_addclose");
            }
        }
        closeFrom(fa, highestTarget + 1, staging + wanted.size());
    }

    /**
     * The child closes every descriptor from {@code from} up: one {@code addclosefrom_np} action where the C library
     * has it (glibc 2.34+, FreeBSD 13.1+), else one close action per descriptor this process has open from {@code from}
     * up (listed in /proc/self/fd) plus the staging numbers below {@code stagingEnd}.
     */
    private static void closeFrom(Memory fa, int from, int stagingEnd) {
        if (Spawn.hasAddClosefrom()) {
            check(Spawn.posix_spawn_file_actions_addclosefrom_np(fa, from), "posix_spawn_file_actions_addclosefrom_np");
            return;
        }
        java.io.File[] open = new java.io.File("/proc/self/fd").listFiles();
        if (open == null) {
            throw new TapException(Reason.SYSTEM, null,
                    "cannot close this process's other descriptors in the child: the C library has no"
                            + " posix_spawn_file_actions_addclosefrom_np and /proc/self/fd cannot be listed",
                    "update the C library (glibc 2.34 or later, FreeBSD 13.1 or later)");
        }
        java.util.TreeSet<Integer> close = new java.util.TreeSet<>();
        for (java.io.File f : open) {
            try {
                int fd = Integer.parseInt(f.getName());
                if (fd >= from) {
                    close.add(fd);
                }
            } catch (NumberFormatException e) {
                // not a descriptor
            }
        }
        for (int fd = from; fd < stagingEnd; fd++) {
            close.add(fd);
        }
        for (int fd : close) {
            check(Spawn.posix_spawn_file_actions_addclose(fa, fd), "posix_spawn_file_actions_addclose");
        }
    }

    private TapException spawnFailure(int err) {
        String prog = command.get(0);
        if (err == Errno.ENOENT) {
            return new TapException(Reason.COMMAND_NOT_FOUND, prog, "command not found",
                    prog.contains("/") ? "check the path" : "install it or give its full path (PATH is "
                            + environment.getOrDefault("PATH", System.getenv("PATH")) + ")",
                    err, Errno.message(err), "posix_spawnp", null);
        }
        if (err == Errno.EACCES || err == Errno.EPERM) {
            return new TapException(Reason.PERMISSION, prog, "cannot execute", "make it executable (chmod +x)", err,
                    Errno.message(err), "posix_spawnp", null);
        }
        return new TapException(Reason.SYSTEM, prog, "could not start the command", null, err, Errno.message(err),
                "posix_spawnp", null);
    }

    private static void check(int err, String op) {
        if (err != 0) {
            throw new TapException(Reason.SYSTEM, null, "could not prepare the child process", null, err,
                    Errno.message(err), op, null);
        }
    }
}
