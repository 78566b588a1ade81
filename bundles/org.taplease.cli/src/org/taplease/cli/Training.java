package org.taplease.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.taplease.core.TapServices;

/**
 * Runs several taplease commands in one JVM, for an AOT cache (JDK 25, {@code -XX:AOTCacheOutput}) that covers all
 * of them: a JVM writes its cache from one run, and the Debian package's cache is trained on {@code list},
 * {@code pool} and {@code run} (releng/deb/build-taplease-deb.sh). Not a subcommand; not for users.
 * <p>
 * {@code java ... org.taplease.cli.Training list --next pool list --next run --pool P -- true}: each command's
 * output is discarded; the exit codes go to standard error. Exits 0 unless a command failed with an internal error
 * (70): a command that finds no tap or no permission still trains the classes on its path.
 */
public final class Training {

    /** Separates the commands on the command line. */
    static final String NEXT = "--next";

    public static void main(String[] args) {
        int worst = 0;
        for (List<String> command : split(args)) {
            int code = Main.run(new PrintWriter(Writer.nullWriter()), new PrintWriter(System.err, true),
                    TapServices::forPlatform, command.toArray(String[]::new));
            System.err.println("training: taplease " + String.join(" ", command) + ": exit " + code);
            if (code == ExitCodes.SYSTEM) {
                worst = code;
            }
        }
        System.exit(worst);
    }

    static List<List<String>> split(String[] args) {
        List<List<String>> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= args.length; i++) {
            if (i == args.length || NEXT.equals(args[i])) {
                if (i > start) {
                    out.add(List.copyOf(Arrays.asList(args).subList(start, i)));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private Training() {
    }
}
