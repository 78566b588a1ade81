package org.taplease.cli.tests;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.taplease.cli.Main;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.ChildJvm;

import org.snakeyaml.engine.v2.api.LoadSettings;

import com.google.gson.Gson;
import com.sun.jna.Native;

import picocli.CommandLine;

/** Runs the taplease command in-process (captured output) or as a separate plain-Java process. */
final class Cli {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), TapServices::forPlatform, args);
        return new Result(code, out.toString(), err.toString());
    }

    /** {@code java -cp ... org.taplease.cli.Main args}: the launcher's class path, without OSGi. */
    static List<String> command(String... args) {
        return ChildJvm.command(
                ChildJvm.classPath(Main.class, TapService.class, Native.class, CommandLine.class, Gson.class,
                LoadSettings.class),
                Main.class.getName(), args);
    }

    private Cli() {
    }
}
