package org.taplease.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.taplease.cli.ExitCodes;
import org.taplease.cli.Main;
import org.taplease.cli.Plural;
import org.taplease.cli.RunCommand;
import org.taplease.cli.Version;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * The command's texts: every command's help (found by walking picocli's command tree, so a new command is covered)
 * fits 80 columns with no word, placeholder, file name or option broken across lines; {@code taplease help};
 * {@code taplease} alone; {@code run --help} names every variable {@code run} sets; counts in singular and plural;
 * {@code --version}.
 */
@ExtendWith(NoLeaks.class)
class HelpTextTest {

    private static final int COLUMNS = 80;

    /** A placeholder or variable left open at the end of a line: {@code {poo}, {@code ${TAPLEASE_}. */
    private static final Pattern OPEN_PLACEHOLDER = Pattern.compile("\\$?\\{[^}\\s]*$");
    /** A path or option cut at the end of a line: {@code /etc/taplease/pools.}, {@code --handoff-}. */
    private static final Pattern CUT_TOKEN = Pattern.compile("(?:^|\\s)(\\S*/\\S*[/._-]|--?[\\w-]*-|\\S*[%={$])$");

    private final TapService taps = TapServices.forPlatform();

    @AfterEach
    void cleanup() {
        Kernel.removeAllPools(taps);
    }

    /** The command tree; help needs no tap service, so it gets one that fails. */
    private static CommandLine tree() {
        return Main.commandLine(() -> {
            throw new AssertionError("help must not need the tap service");
        });
    }

    private static List<CommandLine> commands(CommandLine c) {
        List<CommandLine> all = new ArrayList<>(List.of(c));
        c.getSubcommands().values().forEach(s -> all.addAll(commands(s)));
        return all;
    }

    private static String usage(CommandLine c, int width) {
        c.setUsageHelpWidth(width);
        return c.getUsageMessage(Ansi.OFF);
    }

    /** Every command of the tree, by its qualified name. */
    static Stream<String> everyCommand() {
        return commands(tree()).stream().map(HelpTextTest::name);
    }

    @Test
    void theTreeHasEveryCommand() {
        assertThat(everyCommand().toList()).contains("taplease", "taplease list", "taplease run", "taplease pool",
                "taplease pool create", "taplease pool apply", "taplease pool list", "taplease pool delete",
                "taplease doctor", "taplease help");
    }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("everyCommand")
    void helpFitsEightyColumnsWithNothingBroken(String command) {
        CommandLine c = commands(tree()).stream().filter(x -> name(x).equals(command)).findFirst().orElseThrow();
        for (int width : new int[] { COLUMNS, 100, 120 }) {
            String help = usage(c, width);
            // the same help without any wrapping: its words are the words help must keep whole
            String unwrapped = usage(c, 1000);
            List<String> lines = help.lines().toList();
            for (String l : lines) {
                assertThat(l.length()).as("line of %s at %d columns:%n%s", name(c), width, l)
                        .isLessThanOrEqualTo(width);
            }
            for (int i = 0; i + 1 < lines.size(); i++) {
                String end = lines.get(i).stripTrailing();
                String next = lines.get(i + 1).strip();
                if (next.isEmpty()) {
                    continue;
                }
                assertThat(OPEN_PLACEHOLDER.matcher(end).find()).as("placeholder split across lines in %s at %d"
                        + " columns:%n%s%n%s", name(c), width, end, lines.get(i + 1)).isFalse();
                assertThat(CUT_TOKEN.matcher(end).find() && !words(unwrapped).contains(lastWord(end)))
                        .as("word cut at the end of a line in %s at %d columns:%n%s%n%s", name(c), width, end,
                                lines.get(i + 1))
                        .isFalse();
            }
            assertThat(words(help)).as("the words of %s at %d columns, against the same help unwrapped",
                    name(c), width).isEqualTo(words(unwrapped));
        }
    }

    private static String name(CommandLine c) {
        return c.getCommandSpec().qualifiedName();
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).toList();
    }

    private static String lastWord(String line) {
        String[] w = line.strip().split("\\s+");
        return w[w.length - 1];
    }

    @Test
    void helpCommandPrintsWhatHelpOptionPrints() {
        Cli.Result help = Cli.run("help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).isEqualTo(Cli.run("--help").out()).contains("Commands:").contains("help");
        for (String command : tree().getSubcommands().keySet()) {
            Cli.Result viaHelp = Cli.run("help", command);
            Cli.Result viaOption = Cli.run(command, "--help");
            assertThat(viaHelp.code()).as("help " + command).isZero();
            assertThat(viaHelp.out()).as("help " + command).isEqualTo(viaOption.out())
                    .contains("Usage: taplease " + command);
        }
        assertThat(Cli.run("help", "run").out()).isEqualTo(Cli.run("run", "--help").out());
    }

    @Test
    void withoutACommandItPrintsShortUsageAndExitsWithUsage() {
        Cli.Result none = Cli.run();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("""
                taplease: missing command (see: taplease --help)
                Usage: taplease [-hV] COMMAND
                Commands: list, run, pool, doctor, help
                """);
        Cli.Result pool = Cli.run("pool");
        assertThat(pool.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(pool.err()).isEqualTo("""
                taplease: missing command (see: taplease pool --help)
                Usage: taplease pool [-hV] COMMAND
                Commands: create, apply, list, delete
                """);
    }

    @Test
    void rootHelpListsEveryExitCode() throws IllegalAccessException {
        String help = Cli.run("--help").out();
        for (var f : ExitCodes.class.getFields()) {
            if (f.getType() == int.class) {
                int code = f.getInt(null);
                assertThat(help).as("exit code %s (%d)", f.getName(), code).containsPattern("(?m)^ +" + code + " +\\S");
            }
        }
    }

    @Test
    void runHelpNamesEveryPlaceholderAndVariableOnALineThatSaysWhatItHolds() {
        String help = Cli.run("run", "--help").out();
        for (RunCommand.Variable v : RunCommand.Variable.values()) {
            String p = v.placeholder() == null ? "-" : Pattern.quote(v.placeholder());
            assertThat(help).as("run --help on %s", v).containsPattern("(?m)^  " + p + " +" + v.environment()
                    + " +\\S+ \\S+ \\S+");
        }
    }

    /** What run really sets, on a routed and on a bridged pool's tap: every TAPLEASE_ variable is a Variable. */
    @Test
    void everyVariableRunSetsIsOneRunHelpDescribes(@TempDir Path tmp) throws Exception {
        Kernel.requireIsolatedRoot();
        Kernel.run("ip", "link", "add", "hlpbr0", "type", "bridge");
        try {
            String dir = tmp.resolve("config").toString();
            assertThat(Cli.run("pool", "create", "--name", "hr", "--count", "1", "--subnet", "10.99.0.0/30",
                    "--config-dir", dir).code()).isZero();
            assertThat(Cli.run("pool", "create", "--name", "hb", "--count", "1", "--bridge", "hlpbr0",
                    "--config-dir", dir).code()).isZero();
            Set<String> set = new TreeSet<>();
            for (String pool : List.of("hr", "hb")) {
                Path env = tmp.resolve(pool + ".env");
                Cli.Result r = Cli.run("run", "--pool", pool, "--", "sh", "-c", "env > " + env);
                assertThat(r.code()).as(r.err()).isZero();
                // what run added: the test's own environment (TAPLEASE_CONFIG_DIR, ...) is inherited
                Files.readAllLines(env).stream().filter(l -> l.startsWith("TAPLEASE_"))
                        .map(l -> l.substring(0, l.indexOf('='))).filter(n -> System.getenv(n) == null)
                        .forEach(set::add);
            }
            assertThat(set).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(RunCommand.Variable.values()).map(RunCommand.Variable::environment).toList());
        } finally {
            Kernel.removeAllPools(taps);
            Kernel.run("ip", "link", "delete", "hlpbr0");
        }
    }

    @Test
    void countsAreSingularForOneAndPluralOtherwise(@TempDir Path config) {
        assertThat(Plural.count(0, "tap")).isEqualTo("0 taps");
        assertThat(Plural.count(1, "tap")).isEqualTo("1 tap");
        assertThat(Plural.count(2, "declared pool")).isEqualTo("2 declared pools");
        String dir = config.toString();
        Cli.Result one = Cli.run("pool", "create", "--name", "h1", "--count", "1", "--config-dir", dir);
        assertThat(one.out()).startsWith("pool h1: 1 tap, created h10\n");
        Cli.Result apply = Cli.run("pool", "apply", "--config-dir", dir);
        assertThat(apply.out()).isEqualTo("nothing to change: 1 declared pool (1 tap) matches its declaration in "
                + dir + "\n");
        try (TapLease held = taps.lease(LeaseRequest.named("h10"))) {
            Cli.Result exhausted = Cli.run("run", "--pool", "h1", "--", "true");
            assertThat(exhausted.code()).isEqualTo(ExitCodes.EXHAUSTED);
            assertThat(exhausted.err()).startsWith("taplease: pool h1: its only tap is held. Fix: ");
        }
        Cli.Result two = Cli.run("pool", "create", "--name", "h2", "--count", "2", "--config-dir", dir);
        assertThat(two.out()).startsWith("pool h2: 2 taps, created h20 h21\n");
        Cli.Result applyTwo = Cli.run("pool", "apply", "--config-dir", dir);
        assertThat(applyTwo.out()).isEqualTo("nothing to change: 2 declared pools (3 taps) match their declarations in "
                + dir + "\n");
        try (TapLease a = taps.lease(LeaseRequest.named("h20")); TapLease b = taps.lease(LeaseRequest.named("h21"))) {
            assertThat(Cli.run("run", "--pool", "h2", "--", "true").err()).contains("all 2 taps of the pool are held");
        }
    }

    @Test
    void versionSaysWhatItIsAndOnlyTheCaveatsOfThisSystem() {
        Cli.Result v = Cli.run("--version");
        assertThat(v.code()).isZero();
        List<String> lines = v.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("taplease 0.1.0");
        assertThat(lines.get(1)).startsWith("Linux backend (Linux ").contains(System.getProperty("os.arch"));
        assertThat(lines.get(2)).startsWith("Java " + Runtime.version()).contains(System.getProperty("java.home"));
        assertThat(v.out()).doesNotContain("FreeBSD");
        // every command's -V, --version says the same (the help lists the option for each)
        assertThat(Cli.run("run", "--version").out()).isEqualTo(v.out());
        assertThat(Cli.run("pool", "create", "-V").out()).isEqualTo(v.out());

        assertThat(Version.lines("0.1.0.202611301327", "Linux", "6.18.0", "amd64", "25.0.1+8", "Eclipse Adoptium",
                "/usr/lib/jvm/x")).containsExactly("taplease 0.1.0, built 2026-11-30 13:27 UTC",
                        "Linux backend (Linux 6.18.0 amd64)", "Java 25.0.1+8 (Eclipse Adoptium) in /usr/lib/jvm/x");
        assertThat(String.join("\n", Version.lines("0.1.0.qualifier", "FreeBSD", "14.2-RELEASE", "amd64", "21", "",
                ""))).startsWith("taplease 0.1.0.qualifier\nFreeBSD backend (FreeBSD 14.2-RELEASE amd64): not yet run"
                        + " on a FreeBSD kernel in taplease's CI");
        assertThat(Version.lines("0.1.0", "Mac OS X", "15.1", "aarch64", "21", "", "")[1])
                .isEqualTo("no backend for Mac OS X 15.1 aarch64: taplease runs on Linux and FreeBSD");
    }
}
