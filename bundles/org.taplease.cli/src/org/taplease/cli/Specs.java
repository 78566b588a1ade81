package org.taplease.cli;

import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The picocli model of taplease's commands is built in code (picocli's programmatic API) rather than read from
 * annotations: picocli reads annotations through reflection, and the JDK makes a proxy class for every annotation
 * type it meets, which cost each start of {@code taplease run} about 70 ms (docs/benchmarks.md). These are the
 * pieces every command uses; the commands say the rest with picocli's builders.
 */
final class Specs {

    /**
     * A command named {@code name} that runs {@code command} (a {@link Runnable} or a
     * {@link java.util.concurrent.Callable}) with {@code options} and then {@code -h, --help} and
     * {@code -V, --version}, as {@code mixinStandardHelpOptions} gives them; every command's version is taplease's.
     */
    static CommandSpec command(String name, Object command, List<OptionSpec> options, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name).versionProvider(new Version());
        spec.usageMessage().description(description);
        options.forEach(spec::addOption);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    /** An option without a value, such as {@code --json}. */
    static OptionSpec flag(String name, String... description) {
        return OptionSpec.builder(name).arity("0").type(boolean.class).description(description).build();
    }

    /** An option without a value with several names, such as {@code -v, --verbose}. */
    static OptionSpec flag(String[] names, String... description) {
        return OptionSpec.builder(names).arity("0").type(boolean.class).description(description).build();
    }

    /** An option with one value of {@code type}, written {@code NAME label} in the help; no default. */
    static OptionSpec option(String name, String label, Class<?> type, String... description) {
        return OptionSpec.builder(name).paramLabel(label).type(type).description(description).build();
    }

    /** An option with one value of {@code type} and a default (the help's {@code ${DEFAULT-VALUE}}). */
    static OptionSpec optionWithDefault(String name, String label, Class<?> type, String defaultValue,
            String... description) {
        return OptionSpec.builder(name).paramLabel(label).type(type).defaultValue(defaultValue)
                .description(description).build();
    }

    /** {@code o}, which must be given. */
    static OptionSpec required(OptionSpec o) {
        return o.toBuilder().required(true).build();
    }

    /** The arguments of a command: one or more strings, required, written {@code label...} in the help. */
    static PositionalParamSpec arguments(String label, String... description) {
        return PositionalParamSpec.builder().paramLabel(label).arity("1..*").required(true).type(List.class)
                .auxiliaryTypes(String.class).description(description).build();
    }

    /** An exit code list for the help: {@code "CODE:what it means"}, in this order. */
    static java.util.Map<String, String> exitCodes(String... codes) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String c : codes) {
            int colon = c.indexOf(':');
            m.put(c.substring(0, colon), c.substring(colon + 1));
        }
        return m;
    }

    /** Whether flag {@code o} was given. */
    static boolean isSet(OptionSpec o) {
        return Boolean.TRUE.equals(o.getValue());
    }

    /** The value of {@code o}: what was given, else its default, else null. */
    static String text(OptionSpec o) {
        return o.getValue();
    }

    /** The value of int option {@code o}: what was given, else its default. */
    static int number(OptionSpec o) {
        Integer v = o.getValue();
        return v;
    }

    private Specs() {
    }
}
