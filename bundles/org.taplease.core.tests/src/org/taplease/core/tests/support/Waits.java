package org.taplease.core.tests.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assertions;

/** Waiting for a condition with a deadline, never sleep-and-hope. */
public final class Waits {

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Assertions.fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted waiting for " + what);
            }
        }
    }

    private Waits() {
    }
}
