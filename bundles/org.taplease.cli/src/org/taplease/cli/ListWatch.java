package org.taplease.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.taplease.core.TapEvent;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapListener;
import org.taplease.core.TapService;
import org.taplease.core.TapWatch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

/**
 * {@code taplease list --watch}: one line per tap present, then one line per change from {@link TapService#watch}.
 * The main thread waits; the watch's thread prints. SIGINT and SIGTERM run a shutdown hook that closes the watch
 * (no line after that), flushes, and ends the JVM with status 0. A watch that fails ends with the failure's exit
 * code; one whose output is gone (a closed pipe, {@code | head}) ends with 0.
 */
final class ListWatch implements TapListener {

    /** JSON lines: one object per line, no pretty printing. */
    private static final Gson LINES = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final TapService service;
    private final PrintWriter out;
    private final boolean json;
    private final boolean noHolders;
    private final String pool;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<TapException> failure = new AtomicReference<>();
    private volatile boolean exiting;

    ListWatch(TapService service, PrintWriter out, boolean json, boolean noHolders, String pool) {
        this.service = service;
        this.out = out;
        this.json = json;
        this.noHolders = noHolders;
        this.pool = pool;
    }

    void run() {
        TapWatch w = service.watch(this);
        Thread hook = new Thread(() -> {
            w.close();
            out.flush();
            if (!exiting) {
                Runtime.getRuntime().halt(0); // a signal: the watch is over, and that is success
            }
        }, "taplease-watch-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            present(w.initial());
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exiting = true; // from here on the JVM ends with this command's own exit code
            w.close();
        }
        TapException f = failure.get();
        if (f != null) {
            throw f;
        }
    }

    /** The taps now, holders looked up once unless {@code --no-holders}. */
    private void present(List<TapInfo> initial) {
        Map<String, TapInfo> withHolders = new HashMap<>();
        if (!noHolders && initial.stream().anyMatch(TapInfo::attached)) {
            for (TapInfo t : service.inventory(true)) {
                withHolders.put(t.name(), t);
            }
        }
        synchronized (out) {
            for (TapInfo t : initial) {
                if (!inPool(t)) {
                    continue;
                }
                TapInfo h = withHolders.get(t.name());
                TapInfo shown = h != null && h.ifindex() == t.ifindex() && h.attached() == t.attached() ? h : t;
                line(Instant.now(), "present", false, shown, null);
            }
            flush();
        }
    }

    private boolean inPool(TapInfo t) {
        return pool == null || pool.equals(t.pool());
    }

    @Override
    public void tapsChanged(List<TapEvent> events) {
        Instant now = Instant.now();
        synchronized (out) {
            for (TapEvent e : events) {
                if (!inPool(e.tap()) && (e.before() == null || !inPool(e.before()))) {
                    continue;
                }
                // holders are looked up for a tap that just became attached; a free one has none to look up
                boolean holders = !noHolders && (e.kind() == TapEvent.Kind.ATTACHED || !e.tap().attached());
                TapInfo t = holders ? e.tapWithHolders() : e.tap();
                line(now, e.kind().name().toLowerCase(java.util.Locale.ROOT), e.resync(), t, e.before());
            }
            flush();
        }
    }

    /**
     * Flushes; if nobody reads any more (a closed pipe), the watch ends. The command's writer wraps
     * {@code System.out}, a PrintStream that keeps write errors to itself: ask it too.
     */
    private void flush() {
        if (out.checkError() || System.out.checkError()) {
            done.countDown();
        }
    }

    @Override
    public void resynced(List<TapInfo> taps) {
        synchronized (out) {
            if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("time", Instant.now().toString());
                o.addProperty("event", "resync");
                o.addProperty("taps", taps.size());
                out.println(LINES.toJson(o));
            } else {
                out.println(TIME.format(LocalTime.now()) + " resync: the kernel dropped notifications; "
                        + Plural.count(taps.size(), "tap") + " listed again, changes since marked (resync)");
            }
            flush();
        }
    }

    @Override
    public void failed(TapException error) {
        failure.set(error);
        done.countDown();
    }

    private void line(Instant time, String event, boolean resync, TapInfo t, TapInfo before) {
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("time", time.toString());
            o.addProperty("event", event);
            o.addProperty("resync", resync);
            o.add("tap", Json.tap(t));
            out.println(LINES.toJson(o));
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append(TIME.format(LocalTime.ofInstant(time, ZoneId.systemDefault()))).append(' ').append(t.name())
                .append(' ').append(event).append(' ').append(state(t));
        if (before != null && "changed".equals(event)) {
            b.append(": ").append(String.join(", ", changes(before, t)));
        }
        if (resync) {
            b.append(" (resync)");
        }
        out.println(b);
    }

    private String state(TapInfo t) {
        if (!t.attached()) {
            return ListCommand.state(t);
        }
        return t.holders().isEmpty() ? "held" : "held by " + ListCommand.holder(t, noHolders);
    }

    /** What a CHANGED event changed, in the words of {@code ip link}. */
    static List<String> changes(TapInfo a, TapInfo b) {
        List<String> c = new ArrayList<>();
        if (!a.name().equals(b.name())) {
            c.add("renamed from " + a.name());
        }
        if (a.adminUp() != b.adminUp()) {
            c.add(b.adminUp() ? "up" : "down");
        }
        if (a.mtu() != b.mtu()) {
            c.add("mtu " + b.mtu());
        }
        if (!a.mac().equals(b.mac())) {
            c.add("mac " + b.mac());
        }
        if (!Objects.equals(a.pool(), b.pool())) {
            c.add(b.pool() == null ? "no pool" : "pool " + b.pool());
        } else if (!Objects.equals(a.alias(), b.alias())) {
            c.add("alias " + (b.alias() == null ? "-" : b.alias()));
        }
        if (!Objects.equals(a.owner(), b.owner()) || !Objects.equals(a.group(), b.group())) {
            c.add("owner " + ListCommand.owner(b));
        }
        if (a.persistent() != b.persistent()) {
            c.add(b.persistent() ? "persistent" : "not persistent");
        }
        if (a.vnetHdr() != b.vnetHdr()) {
            c.add(b.vnetHdr() ? "vnet header" : "no vnet header");
        }
        if (a.attachedQueues() != b.attachedQueues()) {
            c.add(Plural.count(b.attachedQueues(), "queue"));
        }
        if (!Objects.equals(a.network().hostAddress(), b.network().hostAddress())
                || a.network().prefix() != b.network().prefix()
                || !Objects.equals(a.network().bridge(), b.network().bridge())) {
            c.add("network " + ListCommand.network(b));
        }
        if (c.isEmpty()) {
            c.add("details");
        }
        return c;
    }
}
