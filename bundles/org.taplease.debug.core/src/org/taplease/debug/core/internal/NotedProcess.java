package org.taplease.debug.core.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A process whose error stream starts with a note of the launch's own (e.g. that gdb was not found), so the note is
 * the first line of the process's console, above what the process prints. Everything else is the process's.
 */
final class NotedProcess extends Process {

    private final Process process;
    private final InputStream errors;

    NotedProcess(Process process, String note) {
        this.process = process;
        this.errors = new SequenceInputStream(new ByteArrayInputStream(note.getBytes(StandardCharsets.UTF_8)),
                process.getErrorStream());
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return process.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return errors;
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    @Override
    public int exitValue() {
        return process.exitValue();
    }

    @Override
    public void destroy() {
        process.destroy();
    }

    @Override
    public Process destroyForcibly() {
        process.destroyForcibly();
        return this;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public long pid() {
        return process.pid();
    }
}
