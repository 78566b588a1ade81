package org.taplease.core.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.eclipse.jdt.annotation.Nullable;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Signal;
import org.taplease.core.internal.jna.Wait;

import com.sun.jna.LastErrorException;

/** A child started by {@link TapProcessBuilder}. {@link #waitFor()} reaps it; any number of threads may call it. */
public final class TapProcess {

    private final int pid;
    private final List<String> command;
    private volatile @Nullable Integer status;
    private final @Nullable OutputStream stdin;
    private final @Nullable InputStream stdout;
    private final @Nullable InputStream stderr;
    /** Held by the thread that reaps; {@link #isAlive()} only tries it, so it never waits behind {@link #waitFor()}. */
    private final ReentrantLock reapLock = new ReentrantLock();

    TapProcess(int pid, List<String> command) {
        this.pid = pid;
        this.command = command;
        this.stdin = null;
        this.stdout = null;
        this.stderr = null;
    }

    TapProcess(int pid, List<String> command, int stdinFd, int stdoutFd, int stderrFd) {
        this.pid = pid;
        this.command = command;
        this.stdin = new FdStreams.Out(stdinFd);
        this.stdout = new FdStreams.In(stdoutFd);
        this.stderr = new FdStreams.In(stderrFd);
    }

    /** The child's standard output, if it was started with pipes; read it to the end, then close it. */
    public InputStream stdout() {
        return requirePipes(stdout);
    }

    /** The child's standard error, if it was started with pipes. */
    public InputStream stderr() {
        return requirePipes(stderr);
    }

    /** The child's standard input, if it was started with pipes; close it to send end-of-file. */
    public OutputStream stdin() {
        return requirePipes(stdin);
    }

    private static <T> T requirePipes(@Nullable T stream) {
        if (stream == null) {
            throw new IllegalStateException("the child shares this process's standard streams: start it with"
                    + " TapProcessBuilder.pipeStandardStreams(true)");
        }
        return stream;
    }

    /**
     * This child as a {@link Process} (for APIs that take one, e.g. an IDE's process console). {@code destroy()}
     * sends SIGTERM, {@code destroyForcibly()} SIGKILL; {@code waitFor()} reaps the child (any number of threads).
     */
    public Process asProcess() {
        return new Process() {
            @Override
            public OutputStream getOutputStream() {
                return stdin != null ? stdin : OutputStream.nullOutputStream();
            }

            @Override
            public InputStream getInputStream() {
                return stdout != null ? stdout : InputStream.nullInputStream();
            }

            @Override
            public InputStream getErrorStream() {
                return stderr != null ? stderr : InputStream.nullInputStream();
            }

            @Override
            public int waitFor() {
                return TapProcess.this.waitFor();
            }

            @Override
            public boolean waitFor(long timeout, @Nullable TimeUnit unit) throws InterruptedException {
                return TapProcess.this.waitFor(java.util.Objects.requireNonNull(unit, "unit").toNanos(timeout));
            }

            @Override
            public int exitValue() {
                Integer s = TapProcess.this.isAlive() ? null : status;
                if (s == null) {
                    throw new IllegalThreadStateException("process " + pid + " has not exited");
                }
                return s;
            }

            @Override
            public void destroy() {
                terminate();
            }

            @Override
            public Process destroyForcibly() {
                kill();
                return this;
            }

            @Override
            public boolean isAlive() {
                return TapProcess.this.isAlive();
            }

            @Override
            public long pid() {
                return pid;
            }
        };
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
        reapLock.lock();
        try {
            return java.util.Objects.requireNonNull(reap(0)); // a blocking waitpid returns only once the child ended
        } finally {
            reapLock.unlock();
        }
    }

    /**
     * Waits up to {@code nanos} for the child to exit, reaping it if it has.
     *
     * @return whether it has exited
     */
    boolean waitFor(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // no call waits for a child with a timeout: poll the exit at a short interval until the deadline
            TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
        }
        return true;
    }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * Reaps the child with {@code waitpid(pid, options)} unless that was done; with {@code WNOHANG} null while it runs.
     * Called with {@link #reapLock} held.
     */
    private @Nullable Integer reap(int options) {
        Integer s = status;
        if (s != null) {
            return s;
        }
        int[] raw = new int[1];
        while (true) {
            try {
                if (Wait.waitpid(pid, raw, options) == 0) {
                    return null; // WNOHANG: still running
                }
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw new IllegalStateException("waitpid(" + pid + (options != 0 ? ", WNOHANG" : "") + "): "
                        + Errno.message(e.getErrorCode()), e);
            }
        }
        int result = Wait.shellStatus(raw[0]);
        status = result;
        return result;
    }

    /**
     * Whether the child is still running. Never blocks: it reaps the child if it has exited (so {@link #waitFor()}
     * and {@link #exitStatus()} then return at once); while another thread waits in {@link #waitFor()}, that thread
     * reaps, and this answers from what it has seen.
     */
    public boolean isAlive() {
        if (status != null) {
            return false;
        }
        if (!reapLock.tryLock()) {
            return status == null;
        }
        try {
            return reap(Wait.WNOHANG) == null;
        } finally {
            reapLock.unlock();
        }
    }

    /** The exit status if {@link #waitFor()} has returned, else null. */
    public @Nullable Integer exitStatus() {
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
