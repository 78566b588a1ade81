import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the man pages (AsciiDoc, one per command and subcommand) and the bash completion of the taplease command
 * from its picocli model, the same model that prints --help, so the two cannot drift. Run at build time by the Java
 * source launcher (see pom.xml) with the CLI's class path and picocli-codegen:
 * {@code java -cp ... TapleaseDocs.java MAN_ADOC_DIR COMPLETION_FILE}.
 */
public final class TapleaseDocs {

    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: TapleaseDocs MAN_ADOC_DIR COMPLETION_FILE");
        }
        CommandLine cl = commandLine();
        Path adoc = Path.of(args[0]);
        Files.createDirectories(adoc);
        // verbosity none, force: overwrite what an earlier build wrote
        int code = ManPageGenerator.generateManPage(adoc.toFile(), (File) null, new boolean[0], true,
                cl.getCommandSpec());
        if (code != 0) {
            throw new IllegalStateException("ManPageGenerator exited with " + code);
        }
        try (Stream<Path> files = Files.list(adoc)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".adoc")).toList()) {
                Files.write(f, keepHelpText(Files.readAllLines(f)));
            }
        }
        Path completion = Path.of(args[1]);
        Files.createDirectories(completion.toAbsolutePath().getParent());
        Files.writeString(completion, AutoComplete.bash("taplease", cl));
    }

    /**
     * AsciiDoc turns " -- " into an em dash: escaped, so the man pages show "taplease run --pool vms -- qemu ..." as
     * --help does. (Lines of a description are joined into one paragraph, which man fills to the terminal's width.)
     */
    static List<String> keepHelpText(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(l.startsWith("//") ? l : l.replace(" -- ", " \\-- "));
        }
        return out;
    }

    /**
     * The command line exactly as {@code org.taplease.cli.Main} builds it (package-private there: the CLI keeps no
     * public API for this). The tap service is never asked for: nothing runs.
     */
    private static CommandLine commandLine() throws ReflectiveOperationException {
        Class<?> main = Class.forName("org.taplease.cli.Main");
        Method m = main.getDeclaredMethod("commandLine", Supplier.class);
        m.setAccessible(true);
        Supplier<?> none = () -> {
            throw new IllegalStateException("documentation only");
        };
        return (CommandLine) m.invoke(null, none);
    }

    private TapleaseDocs() {
    }
}
