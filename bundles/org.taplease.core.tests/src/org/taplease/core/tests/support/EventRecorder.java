package org.taplease.core.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.taplease.core.TapEvent;
import org.taplease.core.TapEvent.Kind;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapListener;
import org.taplease.core.TapService;
import org.taplease.core.TapWatch;

/** A {@link TapListener} for watch tests: records every event, resync and failure, and waits for them. */
public final class EventRecorder implements TapListener {

    /** Every event so far, in order; tests may clear it. */
    public final List<TapEvent> events = new CopyOnWriteArrayList<>();
    /** The taps of each resync, in order. */
    public final List<List<TapInfo>> resyncs = new CopyOnWriteArrayList<>();
    /** The failure the watch ended with, if any. */
    public final AtomicReference<TapException> failure = new AtomicReference<>();
    /** Whether an event came after {@link #closed} was set. */
    public final AtomicBoolean afterClose = new AtomicBoolean();
    /** Set by a test once it closed the watch; events after it set {@link #afterClose}. */
    public volatile boolean closed;

    private final Duration wait;

    /** @param wait how long the {@code await} methods wait */
    public EventRecorder(Duration wait) {
        this.wait = wait;
    }

    @Override
    public void tapsChanged(List<TapEvent> batch) {
        if (closed) {
            afterClose.set(true);
        }
        events.addAll(batch);
    }

    @Override
    public void resynced(List<TapInfo> all) {
        resyncs.add(all);
    }

    @Override
    public void failed(TapException error) {
        failure.set(error);
    }

    /**
     * A listener that, on each batch of events, waits for {@code release} (at most {@code max}: it keeps the watch's
     * queue full meanwhile) and then passes everything to this recorder.
     */
    public TapListener blockedUntil(CountDownLatch release, Duration max) {
        return new TapListener() {
            @Override
            public void tapsChanged(List<TapEvent> batch) {
                try {
                    release.await(max.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                EventRecorder.this.tapsChanged(batch);
            }

            @Override
            public void resynced(List<TapInfo> all) {
                EventRecorder.this.resynced(all);
            }

            @Override
            public void failed(TapException error) {
                EventRecorder.this.failed(error);
            }
        };
    }

    /** {@code taps.watch(listener)} with the watch socket's receive buffer at {@code bytes} (taplease.watch.rcvbuf). */
    public static TapWatch watchWithReceiveBuffer(TapService taps, TapListener listener, int bytes) {
        System.setProperty("taplease.watch.rcvbuf", Integer.toString(bytes));
        try {
            return taps.watch(listener);
        } finally {
            System.clearProperty("taplease.watch.rcvbuf");
        }
    }

    /** The events of {@code tap}. */
    public List<TapEvent> of(String tap) {
        return events.stream().filter(e -> e.tap().name().equals(tap)).toList();
    }

    /** The kinds of the events of {@code tap}. */
    public List<Kind> kinds(String tap) {
        return of(tap).stream().map(TapEvent::kind).toList();
    }

    /** Every event as {@code "KIND tap"}. */
    public List<String> seen() {
        return events.stream().map(e -> e.kind() + " " + e.tap().name()).toList();
    }

    /** Waits until {@link #seen()} holds all of {@code expected} ({@code "KIND tap"}). */
    public void awaitSeen(String... expected) {
        Waits.until(wait, Waits.POLL, () -> "events " + List.of(expected) + ", got " + seen(),
                () -> seen().containsAll(List.of(expected)));
    }

    /** {@link #await(String, Kind, String, Predicate)} for any event of that kind. */
    public TapEvent await(String what, Kind kind, String tap) {
        return await(what, kind, tap, e -> true);
    }

    /** Waits for the first event that matches; it and every event of {@code tap} before it are consumed. */
    public TapEvent await(String what, Kind kind, String tap, Predicate<TapEvent> test) {
        AtomicReference<TapEvent> found = new AtomicReference<>();
        Waits.until(wait, Waits.POLL, () -> what + " (events: " + events + ")", () -> {
            List<TapEvent> passed = new ArrayList<>();
            for (TapEvent e : events) {
                if (!e.tap().name().equals(tap)) {
                    continue;
                }
                passed.add(e);
                if (e.kind() == kind && test.test(e)) {
                    found.set(e);
                    events.removeAll(passed);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }
}
