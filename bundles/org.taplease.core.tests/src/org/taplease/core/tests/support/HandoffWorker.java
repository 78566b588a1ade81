package org.taplease.core.tests.support;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.taplease.core.TapException;
import org.taplease.core.internal.HandoffLocks;

/**
 * A separate process for the hand-over lock tests; prints one line, then holds what it got until standard input
 * closes.
 * <ul>
 * <li>{@code take TAP}: {@code HandoffLocks.standard().take(TAP)}; prints {@code TAKEN} or {@code ERR REASON message}.
 * </li>
 * <li>{@code lock PATH write|read}: an fcntl record lock on any file (created if missing, for write), the way any
 * program (an attacker) may take one; prints {@code LOCKED} or {@code ERR message}.</li>
 * </ul>
 */
public final class HandoffWorker {

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
        case "take" -> {
            try (HandoffLocks.Handoff h = HandoffLocks.standard().take(args[1])) {
                say("TAKEN");
                holdUntilStdinCloses();
            } catch (TapException e) {
                say("ERR " + e.reason() + " " + e.getMessage());
            }
        }
        case "lock" -> {
            boolean write = args[2].equals("write");
            try (FileChannel ch = write
                    ? FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE)
                    : FileChannel.open(Path.of(args[1]), StandardOpenOption.READ);
                    FileLock l = ch.tryLock(0, Long.MAX_VALUE, !write)) {
                say(l != null ? "LOCKED" : "ERR held by another process");
                holdUntilStdinCloses();
            } catch (IOException e) {
                say("ERR " + e);
            }
        }
        default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void holdUntilStdinCloses() throws IOException {
        while (System.in.read() >= 0) {
            // hold
        }
    }
}
