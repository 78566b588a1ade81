package org.taplease.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Turns one bench.sh run (a directory of raw results) into {@code results.json} (every figure and ratio),
 * {@code table.md} (for docs/benchmarks.md) and two plots: {@code lease-vs-pool-size.png} and
 * {@code create-vs-reuse.png}. All ratios compare figures measured in the same run.
 */
public final class Report {

    /** A median with its spread, in microseconds. */
    record Figure(String what, double medianUs, double lowUs, double highUs, String spread) {
        String median() {
            return human(medianUs);
        }
    }

    private final Path dir;
    private final JsonObject out = new JsonObject();
    private final StringBuilder table = new StringBuilder();

    Report(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        new Report(Paths.get(args[0])).write();
    }

    void write() throws IOException {
        Figure cAttach = cFigure("c-attach.json", "C: open + TUNSETIFF + close (floor)");
        Figure cCreate = cFigure("c-create.json", "C: transient create + destroy via TUNSETIFF");
        Figure ipTuntap = processFigure("ip-tuntap.json", "ip tuntap add + ip tuntap del (two processes)");
        Map<Integer, JsonArray> jmh = jmhResults();
        int smallest = jmh.keySet().iterator().next();
        Figure named = jmhFigure(jmh.get(smallest), "LeaseBenchmark.leaseNamed", null,
                "taplease: lease + release, named free tap");
        Map<Integer, Figure> poolLease = new TreeMap<>();
        Map<Integer, Figure> poolLeaseCold = new TreeMap<>();
        Map<Integer, Figure> floorAt = new TreeMap<>();
        Map<Integer, Figure[]> inventory = new TreeMap<>();
        for (Map.Entry<Integer, JsonArray> e : jmh.entrySet()) {
            int n = e.getKey();
            Figure f = jmhFigure(e.getValue(), "LeaseBenchmark.leasePool", null,
                    "taplease: lease + release from a pool of " + n + ", " + (n - 1) + " held");
            if (f != null) {
                poolLease.put(n, f);
            }
            if (Files.exists(dir.resolve("c-attach-" + n + ".json"))) {
                floorAt.put(n, cFigure("c-attach-" + n + ".json", "C floor with " + n + " taps, " + (n - 1) + " held"));
            }
            Figure cold = jmhFigure(e.getValue(), "LeaseBenchmark.leasePoolCold", null,
                    "taplease: cold lease (a fresh service: shared hints, else one dump) from a pool of " + n + ", "
                            + (n - 1) + " held");
            if (cold != null) {
                poolLeaseCold.put(n, cold);
            }
            Figure without = jmhFigure(e.getValue(), "InventoryBenchmark.inventory", "false",
                    "inventory of " + n + " taps, no holders");
            Figure with = jmhFigure(e.getValue(), "InventoryBenchmark.inventory", "true",
                    "inventory of " + n + " taps, with holders");
            if (without != null && with != null) {
                inventory.put(n, new Figure[] { without, with });
            }
        }
        Figure runTrue = processFigure("run-true.json", "taplease run --pool bench -- true");
        Figure plainTrue = processFigure("true.json", "true (started directly)");
        JsonObject memory = read("memory.json").getAsJsonObject();

        table.append("| # | measurement | median | spread | ratio | target |\n|---|---|---|---|---|---|\n");
        Figure lease1 = poolLease.get(smallest);
        row("1", named, ratio(named, cAttach) + " x C floor", "<= 2x floor");
        if (lease1 != null) {
            row("1", lease1, ratio(lease1, cAttach) + " x C floor", "<= 2x floor");
        }
        row("1", cAttach, "1 (floor)", "");
        row("2", cCreate, ratio(cCreate, named) + " x taplease lease", "reuse >= 500x cheaper");
        row("2", ipTuntap, ratio(ipTuntap, named) + " x taplease lease", "reuse >= 500x cheaper");
        for (Map.Entry<Integer, Figure> e : floorAt.entrySet()) {
            row("3", e.getValue(), ratio(e.getValue(), cAttach) + " x C floor at N=" + smallest, "");
        }
        for (Map.Entry<Integer, Figure> e : poolLease.entrySet()) {
            Figure floorN = floorAt.get(e.getKey());
            row("3", e.getValue(), ratio(e.getValue(), cAttach) + " x C floor; "
                    + (floorN != null ? ratio(e.getValue(), floorN) + " x C floor at this N; " : "")
                    + ratio(e.getValue(), lease1) + " x N=" + smallest, e.getKey() == 1024 ? "median <= 1 ms" : "");
        }
        Figure cold1 = poolLeaseCold.get(smallest);
        for (Map.Entry<Integer, Figure> e : poolLeaseCold.entrySet()) {
            row("3", e.getValue(), ratio(e.getValue(), cAttach) + " x C floor; " + ratio(e.getValue(), cold1)
                    + " x N=" + smallest, e.getKey() == 1024 ? "median <= 1 ms" : "");
        }
        for (Map.Entry<Integer, Figure[]> e : inventory.entrySet()) {
            row("4", e.getValue()[0], "", e.getKey() == 4096 ? "<= 30 ms" : "");
            row("4", e.getValue()[1], ratio(e.getValue()[1], e.getValue()[0]) + " x without holders",
                    e.getKey() == 4096 ? "<= 100 ms" : "");
        }
        row("5", runTrue, String.format(Locale.ROOT, "adds %s", human(runTrue.medianUs - plainTrue.medianUs)),
                "adds <= 300 ms");
        row("5", plainTrue, "", "");
        table.append(String.format(Locale.ROOT, "| 6 | CLI `list` of %s taps: max RSS | %.1f MB | | | |%n",
                memory.get("taps").getAsString(), memory.get("rss_kb").getAsDouble() / 1024));
        table.append(String.format(Locale.ROOT, "| 6 | CLI `list` of %s taps: heap used at exit | %.1f MB | | | |%n",
                memory.get("taps").getAsString(), memory.get("heap_kb").getAsDouble() / 1024));
        network();
        baseline();
        out.add("memory", memory);
        out.addProperty("reuse_vs_create_c", cCreate.medianUs / named.medianUs);
        out.addProperty("reuse_vs_ip_tuntap", ipTuntap.medianUs / named.medianUs);
        out.addProperty("lease_named_vs_floor", named.medianUs / cAttach.medianUs);
        out.addProperty("run_adds_ms", (runTrue.medianUs - plainTrue.medianUs) / 1000);

        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        Files.writeString(dir.resolve("results.json"), gson.toJson(out), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("table.md"), table, StandardCharsets.UTF_8);
        plotLease(poolLease, poolLeaseCold, floorAt, cAttach, dir.resolve("lease-vs-pool-size.png"));
        plotBars(List.of(
                new Figure("C floor: attach free tap", cAttach.medianUs(), cAttach.lowUs(), cAttach.highUs(), ""),
                new Figure("taplease: lease + release", named.medianUs(), named.lowUs(), named.highUs(), ""),
                new Figure("C: create + destroy", cCreate.medianUs(), cCreate.lowUs(), cCreate.highUs(), ""),
                new Figure("ip tuntap: add + del", ipTuntap.medianUs(), ipTuntap.lowUs(), ipTuntap.highUs(), "")),
                dir.resolve("create-vs-reuse.png"));
        System.out.print(table);
    }

    /**
     * Pools that carry their network (issue 14), when bench.sh measured them (net-*.json): apply with nothing to
     * change, create with and without a subnet, lease + release from a routed pool against the C floor measured in
     * the same namespace. The rows also go to {@code network-table.md}.
     */
    private void network() throws IOException {
        if (!Files.exists(dir.resolve("net-params.json"))) {
            return;
        }
        JsonObject params = read("net-params.json").getAsJsonObject();
        int applyN = params.get("apply_members").getAsInt();
        int createN = params.get("create_members").getAsInt();
        int start = table.length();
        JsonArray applyJmh = read("net-jmh-apply.json").getAsJsonArray();
        JsonArray leaseJmh = read("net-jmh-lease.json").getAsJsonArray();
        Figure apply = jmhFigure(applyJmh, "NetworkBenchmark.applyNothingToChange", null,
                "pool apply, nothing to change, " + applyN + " routed members: TapService.applyPools in one process");
        Figure cliApply = processFigure("net-cli-apply.json",
                "taplease pool apply --config-dir D, nothing to change, " + applyN + " members (CLI, wall time)");
        Figure cliVersion = processFigure("net-cli-version.json",
                "taplease --version (CLI, wall time: JVM start, no kernel work)");
        row("7", apply, "", "median <= 100 ms");
        row("7", cliApply, String.format(Locale.ROOT, "%s x --version; adds %s", ratio(cliApply, cliVersion),
                human(cliApply.medianUs() - cliVersion.medianUs())), "");
        row("7", cliVersion, "", "");
        Figure createPlain = processFigure("net-create-plain.json",
                "taplease pool create --count " + createN + " (no network)");
        Figure createRouted = processFigure("net-create-routed.json",
                "taplease pool create --count " + createN + " --subnet (a /30 each)");
        row("8", createPlain, String.format(Locale.ROOT, "%s per member", human(createPlain.medianUs() / createN)), "");
        row("8", createRouted, String.format(Locale.ROOT, "%s x without network; %s per member",
                ratio(createRouted, createPlain), human(createRouted.medianUs() / createN)), "report");
        Figure floor = cFigure("net-c-attach-plain.json", "C floor: open + TUNSETIFF + close of a tap without address");
        Figure floorRouted = cFigure("net-c-attach-routed.json",
                "C: open + TUNSETIFF + close of a routed member (its address on it)");
        Figure plain = jmhFigure(leaseJmh, "LeaseBenchmark.leasePool", null,
                "taplease: lease + release from a pool of 1 without network");
        Figure routed = jmhFigure(leaseJmh, "NetworkBenchmark.leaseRoutedPool", null,
                "taplease: lease + release from a routed pool of 1");
        Figure routedNet = jmhFigure(leaseJmh, "NetworkBenchmark.leaseRoutedPoolWithNetwork", null,
                "taplease: lease + release from a routed pool of 1, reading the lease's network");
        row("9", floor, "1 (floor)", "");
        row("9", floorRouted, ratio(floorRouted, floor) + " x floor", "");
        if (plain != null) {
            row("9", plain, ratio(plain, floor) + " x floor", "");
        }
        row("9", routed, ratio(routed, floor) + " x floor; " + ratio(routed, floorRouted) + " x the routed member's"
                + " floor" + (plain != null ? "; " + ratio(routed, plain) + " x without network" : ""), "<= 2x floor");
        row("9", routedNet, ratio(routedNet, floor) + " x floor", "");
        out.addProperty("net_apply_ms", apply.medianUs() / 1000);
        out.addProperty("net_cli_apply_ms", cliApply.medianUs() / 1000);
        out.addProperty("net_cli_version_ms", cliVersion.medianUs() / 1000);
        out.addProperty("net_create_routed_vs_plain", createRouted.medianUs() / createPlain.medianUs());
        out.addProperty("net_lease_routed_vs_floor", routed.medianUs() / floor.medianUs());
        out.addProperty("net_lease_routed_vs_routed_floor", routed.medianUs() / floorRouted.medianUs());
        Files.writeString(dir.resolve("network-table.md"), "| # | measurement | median | spread | ratio | target |\n"
                + "|---|---|---|---|---|---|\n" + table.substring(start), StandardCharsets.UTF_8);
    }

    private void row(String n, Figure f, String ratio, String target) {
        table.append("| ").append(n).append(" | ").append(f.what()).append(" | ").append(f.median()).append(" | ")
                .append(f.spread()).append(" | ").append(ratio).append(" | ").append(target).append(" |\n");
        JsonObject o = new JsonObject();
        o.addProperty("median_us", f.medianUs());
        o.addProperty("low_us", f.lowUs());
        o.addProperty("high_us", f.highUs());
        o.addProperty("spread", f.spread());
        out.add(f.what(), o);
    }

    private static String ratio(Figure a, Figure b) {
        if (a == null || b == null) {
            return "";
        }
        double r = a.medianUs() / b.medianUs();
        return r >= 100 ? String.format(Locale.ROOT, "%,.0f", r) : String.format(Locale.ROOT, "%.2f", r);
    }

    static String human(double us) {
        if (Math.abs(us) >= 1000) {
            return String.format(Locale.ROOT, "%.2f ms", us / 1000);
        }
        return String.format(Locale.ROOT, "%.1f us", us);
    }

    private JsonElement read(String file) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve(file), StandardCharsets.UTF_8));
    }

    private Figure cFigure(String file, String what) throws IOException {
        JsonObject o = read(file).getAsJsonObject();
        double m = o.get("median_ns").getAsDouble() / 1000;
        double lo = o.get("p10_ns").getAsDouble() / 1000;
        double hi = o.get("p90_ns").getAsDouble() / 1000;
        return new Figure(what + " (n=" + o.get("n").getAsInt() + ")", m, lo, hi,
                "p10 " + human(lo) + ", p90 " + human(hi));
    }

    private Figure processFigure(String file, String what) throws IOException {
        JsonObject o = read(file).getAsJsonObject();
        double m = o.get("median_ms").getAsDouble() * 1000;
        double lo = o.get("p10_ms").getAsDouble() * 1000;
        double hi = o.get("p90_ms").getAsDouble() * 1000;
        return new Figure(what + " (n=" + o.get("n").getAsInt() + ")", m, lo, hi,
                "p10 " + human(lo) + ", p90 " + human(hi));
    }

    /**
     * bench.sh {@code --baseline DIR}: every JMH figure of this run next to the same benchmark of the baseline
     * checkout, measured in the same namespace right after it ({@code base-jmh-N.json}), with the C floor of that
     * namespace; in {@code baseline-table.md} and under {@code baseline} in results.json.
     */
    private void baseline() throws IOException {
        Map<Integer, JsonArray> base = jmhResults("base-jmh-");
        if (base.isEmpty()) {
            return;
        }
        Map<Integer, JsonArray> mine = jmhResults();
        StringBuilder t = new StringBuilder("| taps (held) | benchmark | C floor at this N | baseline median"
                + " | this median | baseline / this | this / C floor |\n|---|---|---|---|---|---|---|\n");
        JsonArray rows = new JsonArray();
        for (Map.Entry<Integer, JsonArray> e : base.entrySet()) {
            int n = e.getKey();
            JsonArray now = mine.get(n);
            Path floorFile = dir.resolve("c-attach-" + n + ".json");
            Double floor = Files.exists(floorFile)
                    ? read(floorFile.getFileName().toString()).getAsJsonObject().get("median_ns").getAsDouble() / 1000
                    : null;
            for (JsonElement b : e.getValue()) {
                JsonObject bo = b.getAsJsonObject();
                String name = bo.get("benchmark").getAsString().replace("org.taplease.benchmarks.", "");
                String holders = bo.getAsJsonObject("params") != null && bo.getAsJsonObject("params").has("holders")
                        ? bo.getAsJsonObject("params").get("holders").getAsString() : null;
                String what = name + (holders == null ? "" : " (holders " + holders + ")");
                Figure before = jmhFigure(e.getValue(), name, holders, what);
                Figure after = now == null ? null : jmhFigure(now, name, holders, what);
                if (before == null || after == null) {
                    continue;
                }
                double ratio = before.medianUs() / after.medianUs();
                t.append("| ").append(n).append(" (").append(n - 1).append(") | ").append(what).append(" | ")
                        .append(floor == null ? "" : human(floor)).append(" | ").append(before.median()).append(" | ")
                        .append(after.median()).append(" | ").append(String.format(Locale.ROOT, "%.2f", ratio))
                        .append(" x | ")
                        .append(floor == null ? "" : String.format(Locale.ROOT, "%.2f x", after.medianUs() / floor))
                        .append(" |\n");
                JsonObject r = new JsonObject();
                r.addProperty("taps", n);
                r.addProperty("benchmark", what);
                r.addProperty("baseline_median_us", before.medianUs());
                r.addProperty("median_us", after.medianUs());
                r.addProperty("baseline_over_this", ratio);
                if (floor != null) {
                    r.addProperty("c_floor_us", floor);
                }
                rows.add(r);
            }
        }
        out.add("baseline", rows);
        Files.writeString(dir.resolve("baseline-table.md"), t, StandardCharsets.UTF_8);
    }

    private Map<Integer, JsonArray> jmhResults() throws IOException {
        return jmhResults("jmh-");
    }

    /** jmh-N.json files (or {@code prefix}N.json): the JMH results of the namespace with N taps. */
    private Map<Integer, JsonArray> jmhResults(String prefix) throws IOException {
        Map<Integer, JsonArray> m = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String f = p.getFileName().toString();
                if (f.startsWith(prefix) && f.endsWith(".json")) {
                    m.put(Integer.parseInt(f.substring(prefix.length(), f.length() - 5)), read(f).getAsJsonArray());
                }
            }
        }
        return m;
    }

    private static Figure jmhFigure(JsonArray results, String bench, String holders, String what) {
        for (JsonElement e : results) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("benchmark").getAsString().endsWith(bench)) {
                continue;
            }
            if (holders != null && !holders.equals(o.getAsJsonObject("params").get("holders").getAsString())) {
                continue;
            }
            JsonObject pm = o.getAsJsonObject("primaryMetric");
            JsonObject pct = pm.getAsJsonObject("scorePercentiles");
            double m = pct.get("50.0").getAsDouble();
            double lo = pct.get("0.0").getAsDouble();
            double hi = pct.get("90.0").getAsDouble();
            long samples = 0;
            JsonArray raw = pm.getAsJsonArray("rawDataHistogram");
            if (raw != null) {
                for (JsonElement fork : raw) {
                    for (JsonElement iter : fork.getAsJsonArray()) {
                        for (JsonElement bin : iter.getAsJsonArray()) {
                            samples += bin.getAsJsonArray().get(1).getAsLong();
                        }
                    }
                }
            }
            int forks = o.get("forks").getAsInt();
            return new Figure(what + " (JMH, " + forks + " forks, " + samples + " samples)", m, lo, hi,
                    "min " + human(lo) + ", p90 " + human(hi));
        }
        return null;
    }

    // ---------------------------------------------------------------- plots (Java2D, headless)

    private static final int W = 900;
    private static final int H = 520;
    private static final int L = 90;
    private static final int R = 30;
    private static final int T = 60;
    private static final int B = 70;

    private static Graphics2D canvas(BufferedImage img, String title) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, L, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    /** y position of {@code us} on a log scale from {@code lo} to {@code hi}. */
    private static int logY(double us, double lo, double hi) {
        double f = (Math.log10(us) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return (int) Math.round(H - B - f * (H - T - B));
    }

    private static void logAxis(Graphics2D g, double lo, double hi) {
        g.setColor(Color.BLACK);
        g.drawLine(L, T, L, H - B);
        g.drawLine(L, H - B, W - R, H - B);
        for (double d = lo; d <= hi * 1.0001; d *= 10) {
            int y = logY(d, lo, hi);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(L + 1, y, W - R, y);
            g.setColor(Color.BLACK);
            g.drawString(human(d), 10, y + 4);
        }
    }

    private static double[] range(double min, double max) {
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        return new double[] { lo, hi <= lo ? lo * 10 : hi };
    }

    static void plotLease(Map<Integer, Figure> lease, Map<Integer, Figure> cold, Map<Integer, Figure> floorAt,
            Figure floor, Path file) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img, "Lease + release from a pool of N taps, N-1 held by another process");
        double min = floor.medianUs();
        double max = floor.highUs();
        for (Map<Integer, Figure> m : List.of(lease, cold, floorAt)) {
            for (Figure f : m.values()) {
                min = Math.min(min, f.lowUs());
                max = Math.max(max, f.highUs());
            }
        }
        double[] r = range(min, max);
        logAxis(g, r[0], r[1]);
        List<Integer> ns = new ArrayList<>(lease.keySet());
        int step = (W - L - R) / Math.max(1, ns.size());
        for (int i = 0; i < ns.size(); i++) {
            g.setColor(Color.BLACK);
            g.drawString("N=" + ns.get(i), L + step / 2 + i * step - 20, H - B + 20);
        }
        series(g, cold, ns, step, r, new Color(230, 140, 30), "cold (fresh process: one netlink dump)", 0);
        series(g, lease, ns, step, r, new Color(30, 70, 180), "warm (long-lived process: last released tap first)",
                1);
        series(g, floorAt, ns, step, r, new Color(200, 60, 40), "C floor (open + TUNSETIFF + close) at each N", 2);
        g.setColor(Color.DARK_GRAY);
        g.drawString("median (line) and min/p10..p90 (bars) per pool size, log scale", L, H - 25);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void series(Graphics2D g, Map<Integer, Figure> m, List<Integer> ns, int step, double[] r, Color c,
            String label, int row) {
        List<Integer> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < ns.size(); i++) {
            Figure f = m.get(ns.get(i));
            if (f == null) {
                continue;
            }
            int x = L + step / 2 + i * step;
            int y = logY(f.medianUs(), r[0], r[1]);
            xs.add(x);
            ys.add(y);
            g.setColor(c.brighter());
            g.setStroke(new BasicStroke(1f));
            g.drawLine(x, logY(f.lowUs(), r[0], r[1]), x, logY(f.highUs(), r[0], r[1]));
            g.drawLine(x - 6, logY(f.highUs(), r[0], r[1]), x + 6, logY(f.highUs(), r[0], r[1]));
            g.setColor(c.darker());
            g.drawString(f.median(), x + 8, y - 6);
        }
        g.setColor(c);
        g.setStroke(new BasicStroke(2.5f));
        g.drawPolyline(xs.stream().mapToInt(Integer::intValue).toArray(), ys.stream().mapToInt(Integer::intValue).toArray(),
                xs.size());
        for (int i = 0; i < xs.size(); i++) {
            g.fillOval(xs.get(i) - 5, ys.get(i) - 5, 10, 10);
        }
        g.fillRect(W - R - 330, H - B - 66 + row * 18, 14, 4);
        g.drawString(label, W - R - 310, H - B - 60 + row * 18);
    }

    static void plotBars(List<Figure> figures, Path file) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img, "Reuse a free tap vs create one per run (median, log scale)");
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Figure f : figures) {
            min = Math.min(min, f.medianUs());
            max = Math.max(max, f.highUs());
        }
        double[] r = range(min / 2, max);
        logAxis(g, r[0], r[1]);
        int step = (W - L - R) / figures.size();
        Color[] colors = { new Color(200, 60, 40), new Color(30, 70, 180), new Color(120, 120, 120),
                new Color(90, 90, 90) };
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            int x = L + i * step + step / 5;
            int w = step * 3 / 5;
            int y = logY(f.medianUs(), r[0], r[1]);
            g.setColor(colors[i % colors.length]);
            g.fillRect(x, y, w, H - B - y);
            g.setColor(Color.BLACK);
            g.drawString(f.median(), x, y - 6);
            String label = f.what().replaceAll(" \\(.*", "");
            String[] words = label.split(": ", 2);
            g.drawString(words[0], x, H - B + 18);
            if (words.length > 1) {
                g.drawString(words[1].length() > 32 ? words[1].substring(0, 32) + "..." : words[1], x, H - B + 34);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
