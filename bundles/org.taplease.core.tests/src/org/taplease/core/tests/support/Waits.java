package org.taplease.core.tests.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;

/**
 * Waiting for a condition with a deadline, never sleep-and-hope: the condition is checked again and again (every
 * {@link #POLL} unless told otherwise) until it holds; at the deadline the test fails, naming what it waited for.
 */
public final class Waits {

    /** How often {@link #until(Duration, String, BooleanSupplier)} checks its condition. */
    public static final Duration POLL = Duration.ofMillis(10);

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, POLL, what, condition);
    }

    /**
     * Like {@link #until(Duration, String, BooleanSupplier)}, checking every {@code poll}: for conditions that are
     * costly to check (a process to run, a console round trip, a screen capture).
     */
    public static void until(Duration timeout, Duration poll, String what, BooleanSupplier condition) {
        until(timeout, poll, () -> what, condition);
    }

    /** Like {@link #until(Duration, Duration, String, BooleanSupplier)}; {@code what} is asked at the deadline. */
    public static void until(Duration timeout, Duration poll, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Assertions.fail("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
            }
            try {
                Thread.sleep(poll.toMillis()); // the poll interval: the loop checks the condition again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted waiting for " + what.get());
            }
        }
    }

    private Waits() {
    }
}
