package org.taplease.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.gson.JsonObject;

/**
 * Times whole commands, for what JMH cannot measure in one JVM: {@code ip tuntap add} + {@code del}, and
 * {@code taplease run -- true} against {@code true}.
 * <p>
 * {@code ProcessTimer NAME WARMUP REPS ::cmd CMD... [::then CMD2...] [::after CMD3...]}: runs CMD (then CMD2,
 * within the same timed repetition) REPS times after WARMUP untimed runs, and CMD3 after each run, untimed (to undo
 * what the timed commands made); every run must exit 0. Prints one JSON object with the median, p10, p90, min and
 * max in milliseconds.
 */
public final class ProcessTimer {

    public static void main(String[] args) throws IOException, InterruptedException {
        String name = args[0];
        int warmup = Integer.parseInt(args[1]);
        int reps = Integer.parseInt(args[2]);
        List<List<String>> commands = new ArrayList<>();
        List<List<String>> after = new ArrayList<>();
        List<String> current = null;
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("::cmd") || args[i].equals("::then")) {
                current = new ArrayList<>();
                commands.add(current);
            } else if (args[i].equals("::after")) {
                current = new ArrayList<>();
                after.add(current);
            } else {
                current.add(args[i]);
            }
        }
        for (int i = 0; i < warmup; i++) {
            runAll(commands);
            runAll(after);
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            runAll(commands);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            runAll(after);
        }
        Arrays.sort(ms);
        JsonObject o = new JsonObject();
        o.addProperty("op", name);
        o.addProperty("n", reps);
        o.addProperty("median_ms", ms[reps / 2]);
        o.addProperty("p10_ms", ms[reps / 10]);
        o.addProperty("p90_ms", ms[reps * 9 / 10]);
        o.addProperty("min_ms", ms[0]);
        o.addProperty("max_ms", ms[reps - 1]);
        System.out.println(o);
    }

    private static void runAll(List<List<String>> commands) throws IOException, InterruptedException {
        for (List<String> c : commands) {
            Process p = new ProcessBuilder(c).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", c) + " exited " + code + ": " + err);
            }
        }
    }

    private ProcessTimer() {
    }
}
