package org.taplease.core.process;

import java.util.List;

import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Signal;
import org.taplease.core.internal.jna.Wait;

import com.sun.jna.LastErrorException;

/** A child started by {@link TapProcessBuilder}. Exactly one thread should call {@link #waitFor()}. */
public final class TapProcess {

    private final int pid;
    private final List<String> command;
    private volatile Integer status;

    TapProcess(int pid, List<String> command) {
        this.pid = pid;
        this.command = command;
    }

    public int pid() {
        return pid;
    }

    public List<String> command() {
        return command;
    }

    /**
     * Waits for the child to end and reaps it.
     *
     * @return its exit status, or 128 + the signal that ended it (the shell's convention)
     */
    public int waitFor() {
        Integer s = status;
        if (s != null) {
            return s;
        }
        int[] raw = new int[1];
        while (true) {
            try {
                Wait.waitpid(pid, raw, 0);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                if (e.getErrorCode() == Errno.ECHILD && status != null) {
                    return status;
                }
                throw new IllegalStateException("waitpid(" + pid + "): " + Errno.message(e.getErrorCode()), e);
            }
        }
        int result = Wait.shellStatus(raw[0]);
        status = result;
        return result;
    }

    /** Whether the child has not been reaped yet. */
    public boolean isAlive() {
        return status == null;
    }

    /** The exit status if {@link #waitFor()} has returned, else null. */
    public Integer exitStatus() {
        return status;
    }

    /** Sends {@code signal} (e.g. {@link Signal#SIGTERM}) unless the child has been reaped. */
    public void signal(int signal) {
        if (status == null) {
            try {
                Signal.kill(pid, signal);
            } catch (LastErrorException e) {
                // already gone
            }
        }
    }

    /** Asks the child to terminate (SIGTERM). */
    public void terminate() {
        signal(Signal.SIGTERM);
    }

    /** Kills the child (SIGKILL). */
    public void kill() {
        signal(Signal.SIGKILL);
    }
}
