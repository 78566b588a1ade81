package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.taplease.core.PoolDeclarations;
import org.taplease.core.PoolDeclarations.Declaration;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.tests.support.ChildJvm;
import org.taplease.core.tests.support.DeclarationsWorker;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.Unprivileged;

import com.sun.jna.Native;

/**
 * Pool declaration files ({@link PoolDeclarations}): the round trip, every error with its file and line, conflicts
 * between files, the configuration directory's environment variable, and the trust checks with real users (the tests
 * run as root, as CI does).
 */
class PoolDeclarationsTest {

    @TempDir
    Path tmp;

    private Path file(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    // ---------------------------------------------------------------- round trip

    static Stream<PoolSpec> specs() {
        return Stream.of(new PoolSpec("vm", 4, null, null),
                new PoolSpec("own", 2, 0, 0), // root/root: written as names
                new PoolSpec("num", 1, 54321, 54322), // no such user/group: written as numbers
                new PoolSpec("tpl", 3, null, null, "t{pool}-%d", true),
                new PoolSpec("routed", 64, null, null).withNetwork(PoolNetwork.routed("10.77.0.0/24").withMtu(1400)),
                new PoolSpec("p2p", 128, null, null)
                        .withNetwork(PoolNetwork.routed("10.78.0.0/24").withMemberPrefix(31)),
                new PoolSpec("bridged", 2, 0, null).withNetwork(PoolNetwork.bridged("br-x").withMtu(9000)),
                new PoolSpec("no", 1, null, null), // YAML 1.1 would read 'no' as false
                new PoolSpec("max", 4096, null, null).withNetwork(PoolNetwork.routed("10.0.0.0/18")));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void whatWriteWritesLoadReadsBack(PoolSpec spec) throws IOException {
        Path dir = tmp.resolve("etc/pools.d"); // neither exists: both are created
        Path f = PoolDeclarations.write(dir, spec);

        assertThat(f).isEqualTo(dir.resolve(spec.name() + ".yaml"));
        assertThat(PoolDeclarations.load(dir)).containsExactly(new Declaration(spec, f));
        assertThat(mode(f)).isEqualTo("rw-r--r--");
        assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
        assertThat(mode(dir.getParent())).isEqualTo("rwxr-xr-x");
        String text = Files.readString(f);
        assertThat(text).startsWith("# taplease pool " + spec.name() + ": applied at boot by taplease-pools.service");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly(
                    spec.name() + ".yaml");
        }
    }

    @Test
    void ownerAndGroupAreWrittenAsNamesWhereTheyResolve() throws IOException {
        String root = Files.readString(PoolDeclarations.write(tmp, new PoolSpec("own", 2, 0, 0)));
        assertThat(root).contains("\nowner: root\n").contains("\ngroup: root\n");
        String num = Files.readString(PoolDeclarations.write(tmp, new PoolSpec("num", 2, 54321, 54322)));
        assertThat(num).contains("\nowner: 54321\n").contains("\ngroup: 54322\n");
    }

    @Test
    void writeReplacesTheDeclarationOfThePool() throws IOException {
        PoolDeclarations.write(tmp, new PoolSpec("vm", 4, null, null));
        PoolDeclarations.write(tmp, new PoolSpec("vm", 2, null, null));
        assertThat(PoolDeclarations.load(tmp)).extracting(d -> d.spec().count()).containsExactly(2);
    }

    @Test
    void theHandWrittenExampleLoads() throws IOException {
        Path f = file(tmp, "vm.yaml", """
                # taplease pool: applied at boot by taplease-pools.service (taplease pool apply)
                pool: vm
                count: 4
                owner: root          # user name or uid; optional
                group: 0             # group name or gid; optional
                template: "{pool}%d" # optional
                subnet: 10.77.0.0/24 # routed: member i gets the i-th /30 (optional)
                member-prefix: 30    # 30 or 31 (optional, default 30)
                mtu: 1500            # optional
                """);
        assertThat(PoolDeclarations.load(tmp)).containsExactly(new Declaration(
                new PoolSpec("vm", 4, 0, 0, "{pool}%d", false, PoolNetwork.routed("10.77.0.0/24").withMtu(1500)), f));
    }

    @Test
    void aMissingDirectoryDeclaresNothingAndOtherFilesAreIgnored() throws IOException {
        assertThat(PoolDeclarations.load(tmp.resolve("missing"))).isEmpty();
        file(tmp, "README", "not yaml: [");
        file(tmp, "b.yaml.bak", "pool: [");
        file(tmp, "b.yaml", "pool: b\ncount: 1\n");
        file(tmp, "a.yaml", "pool: zz\ncount: 1\n"); // the pool need not match the file name
        assertThat(PoolDeclarations.load(tmp)).extracting(d -> d.file().getFileName().toString())
                .containsExactly("a.yaml", "b.yaml");
    }

    // ---------------------------------------------------------------- errors, each with file, line and fix

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("count out of range", "pool: vm\n\ncount: 0\n", "line 3, column 8",
                        "count must be a number from 1 to 4096 (not 0)"),
                Arguments.of("count too large", "pool: vm\ncount: 5000\n", "line 2, column 8",
                        "count must be a number from 1 to 4096"),
                Arguments.of("count a string", "pool: vm\ncount: four\n", "line 2, column 8",
                        "count must be a number from 1 to 4096 (not four)"),
                Arguments.of("unknown key", "pool: vm\ncount: 1\nsubnett: 10.0.0.0/24\n", "line 3, column 1",
                        "unknown key 'subnett'. Fix: use one of: pool, count"),
                Arguments.of("duplicate key", "pool: vm\ncount: 1\ncount: 2\n", "line 3, column 1",
                        "duplicate key 'count' (first given on line 2)"),
                Arguments.of("syntax error", "pool: vm\ncount: 1\nmtu: 1500: 9000\n", "line 3, column 10",
                        "YAML syntax error: mapping values are not allowed here"),
                Arguments.of("syntax error: unclosed quote", "pool: vm\ncount: 1\ntemplate: \"x%d\n",
                        "line 4, column 1", "YAML syntax error"),
                Arguments.of("unquoted template", "pool: vm\ncount: 1\ntemplate: {pool}%d\n", "line 3",
                        "template: \"{pool}%d\""),
                Arguments.of("missing pool", "count: 1\n", "line 1, column 1", "no 'pool' key"),
                Arguments.of("missing count", "# c\npool: vm\n", "line 2, column 1", "no 'count' key"),
                Arguments.of("not a mapping", "- pool: vm\n", "line 1, column 1", "a declaration is a mapping"),
                Arguments.of("empty", "# nothing\n", ": empty", "it declares no pool"),
                Arguments.of("invalid pool name", "pool: 9vm\ncount: 1\n", "line 1, column 7",
                        "invalid pool name: it must start with a letter"),
                Arguments.of("pool a number", "pool: 12\ncount: 1\n", "line 1, column 7", "pool must be a string"),
                Arguments.of("subnet and bridge", "pool: vm\ncount: 1\nsubnet: 10.0.0.0/24\nbridge: br0\n",
                        "line 4, column 1", "a pool is routed (subnet) or bridged (bridge), not both"),
                Arguments.of("invalid CIDR", "pool: vm\ncount: 1\nsubnet: 10.0.0/24\n", "line 3, column 9",
                        "invalid subnet '10.0.0/24'. Fix: an IPv4 address has four numbers separated by dots"),
                Arguments.of("CIDR prefix", "pool: vm\ncount: 1\nsubnet: 10.0.0.0/33\n", "line 3, column 9",
                        "invalid subnet '10.0.0.0/33'. Fix: the prefix length after '/' must be a number from 0 to 32"),
                Arguments.of("host bits", "pool: vm\ncount: 1\nsubnet: 10.0.0.5/24\n", "line 3, column 9",
                        "invalid subnet '10.0.0.5/24'. Fix: it has host bits set; did you mean 10.0.0.0/24?"),
                Arguments.of("subnet too small", "pool: vm\ncount: 5\nsubnet: 10.0.0.0/28\n", "line 3, column 9",
                        "subnet 10.0.0.0/28 is too small: it holds 4 member blocks of /30, the pool needs 5. Fix: give a"
                                + " /27 or larger (e.g. 10.0.0.0/27), or fewer members"),
                Arguments.of("member-prefix", "pool: vm\ncount: 1\nsubnet: 10.0.0.0/24\nmember-prefix: 29\n",
                        "line 4, column 16", "member-prefix must be 30 or 31"),
                Arguments.of("mtu low", "pool: vm\ncount: 1\nmtu: 67\n", "line 3, column 6",
                        "mtu must be a number from 68 to 65535 (not 67)"),
                Arguments.of("mtu high", "pool: vm\ncount: 1\nmtu: 65536\n", "line 3, column 6",
                        "mtu must be a number from 68 to 65535"),
                Arguments.of("bridge name", "pool: vm\ncount: 1\nbridge: a-bridge-name-too-long\n", "line 3, column 9",
                        "invalid interface name"),
                Arguments.of("no such user", "pool: vm\ncount: 1\nowner: no-such-user-tl\n", "line 3, column 8",
                        "owner no-such-user-tl: no such user"),
                Arguments.of("no such group", "pool: vm\ncount: 1\ngroup: no-such-group-tl\n", "line 3, column 8",
                        "group no-such-group-tl: no such group"),
                Arguments.of("template without %d", "pool: vm\ncount: 1\ntemplate: \"{pool}\"\n", "line 3, column 11",
                        "a name template needs exactly one %d"),
                Arguments.of("keep-addresses", "pool: vm\ncount: 1\nkeep-addresses: yes\n", "line 3, column 17",
                        "keep-addresses must be true or false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileIsRefusedNamingFileLineAndFix(String what, String text, String where, String message)
            throws IOException {
        Path f = file(tmp, "vm.yaml", text);
        TapException e = catchThrowableOfType(TapException.class, () -> PoolDeclarations.load(tmp));
        assertThat(e).as(what).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
        assertThat(e.getMessage()).startsWith(f + (where.startsWith(":") ? "" : " ") + where)
                .contains(message).contains("Fix: ");
    }

    @Test
    void theExampleMessageOfTheIssue() throws IOException {
        Path f = file(tmp, "vm.yaml", "# taplease pool\npool: vm\ncount: 9999\n");
        assertThatThrownBy(() -> PoolDeclarations.load(tmp)).isInstanceOf(TapException.class)
                .hasMessageStartingWith(f + " line 3, column 8: count must be a number from 1 to 4096");
    }

    @Test
    void twoFilesDeclaringOnePoolAreRefusedNamingBoth() throws IOException {
        Path a = file(tmp, "vm.yaml", "pool: vm\ncount: 1\n");
        Path b = file(tmp, "vm2.yaml", "# copy\npool: vm\ncount: 2\n");
        assertThatThrownBy(() -> PoolDeclarations.load(tmp)).isInstanceOf(TapException.class)
                .hasMessageStartingWith(b + " line 2, column 7: a declaration naming a pool another declaration"
                        + " already uses: pool vm is declared in " + a + " too")
                .hasMessageContaining("Fix: keep one of " + a + " and " + b);
        // write refuses to make the same conflict
        Files.delete(a);
        assertThatThrownBy(() -> PoolDeclarations.write(tmp, new PoolSpec("vm", 3, null, null)))
                .isInstanceOf(TapException.class).hasMessageContaining("pool vm is declared in " + b);
        assertThat(a).doesNotExist();
    }

    @Test
    void overlappingSubnetsAreRefusedNamingBothFiles() throws IOException {
        Path a = file(tmp, "a.yaml", "pool: a\ncount: 1\nsubnet: 10.77.0.0/24\n");
        Path b = file(tmp, "b.yaml", "pool: b\ncount: 1\nsubnet: 10.77.0.128/25\n");
        assertThatThrownBy(() -> PoolDeclarations.load(tmp)).isInstanceOf(TapException.class)
                .hasMessageStartingWith(b + " line 3, column 9: subnet 10.77.0.128/25 of pool b overlaps subnet"
                        + " 10.77.0.0/24 of pool a declared in " + a)
                .hasMessageContaining("Fix: give each pool a subnet of its own");
        Files.delete(b);
        file(tmp, "b.yaml", "pool: b\ncount: 1\nsubnet: 10.77.1.0/24\n"); // adjacent: fine
        assertThat(PoolDeclarations.load(tmp)).hasSize(2);
        assertThatThrownBy(() -> PoolDeclarations.write(tmp,
                new PoolSpec("c", 1, null, null).withNetwork(PoolNetwork.routed("10.0.0.0/8"))))
                .isInstanceOf(TapException.class).hasMessageContaining("overlaps subnet");
        assertThat(tmp.resolve("c.yaml")).doesNotExist();
    }

    @Test
    void writeRefusesAnInvalidSpecAndWritesNothing() {
        assertThatThrownBy(() -> PoolDeclarations.write(tmp, new PoolSpec("vm", 0, null, null)))
                .isInstanceOf(TapException.class).hasMessageContaining("count must be a number from 1 to 4096");
        assertThatThrownBy(() -> PoolDeclarations.write(tmp, new PoolSpec("vm", 1, null, null)
                .withNetwork(new PoolNetwork("10.0.0.0/24", 30, "br0", null))))
                .isInstanceOf(TapException.class).hasMessageContaining("not both");
        assertThat(tmp).isEmptyDirectory();
    }

    // ---------------------------------------------------------------- delete

    @Test
    void deleteRemovesThePoolsFileAndAnyOtherFileDeclaringIt() throws IOException {
        Path keep = PoolDeclarations.write(tmp, new PoolSpec("keep", 1, null, null));
        Path vm = PoolDeclarations.write(tmp, new PoolSpec("vm", 1, null, null));
        Path other = file(tmp, "old-name.yaml", "pool: vm\ncount: 2\n"); // written by hand: a conflict to clear
        Path broken = file(tmp, "broken.yaml", "pool: [");

        assertThat(PoolDeclarations.delete(tmp, "vm")).isTrue();
        assertThat(vm).doesNotExist();
        assertThat(other).doesNotExist();
        assertThat(keep).exists();
        assertThat(broken).exists();
        assertThat(PoolDeclarations.delete(tmp, "vm")).isFalse();
        assertThat(PoolDeclarations.delete(tmp.resolve("missing"), "vm")).isFalse();
    }

    // ---------------------------------------------------------------- the directory

    @Test
    void theTestRunnerPointsTheDefaultDirectoryAwayFromEtc() {
        String env = System.getenv(PoolDeclarations.ENV);
        assertThat(env).as("TAPLEASE_CONFIG_DIR, set for every test run by the root pom").isNotBlank()
                .endsWith("target/taplease-config");
        assertThat(PoolDeclarations.defaultDir()).isEqualTo(Path.of(env))
                .isNotEqualTo(PoolDeclarations.DEFAULT_DIR);
    }

    @Test
    void withoutTheVariableOrWithItEmptyTheDefaultIsEtc() throws Exception {
        List<String> cmd = ChildJvm.command(ChildJvm.classPath(DeclarationsWorker.class, PoolDeclarations.class,
                Native.class, Compose.class), DeclarationsWorker.class.getName(), "default-dir");
        for (String value : new String[] { null, "", "/srv/pools" }) {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            if (value == null) {
                env.remove(PoolDeclarations.ENV);
            } else {
                env.put(PoolDeclarations.ENV, value);
            }
            Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.waitFor()).isZero();
            assertThat(out).as("TAPLEASE_CONFIG_DIR=%s", value)
                    .isEqualTo("/srv/pools".equals(value) ? value : "/etc/taplease/pools.d");
        }
    }

    // ---------------------------------------------------------------- trust (run as root, as CI does)

    @Test
    void asRootAGroupOrWorldWritableFileOrDirectoryIsRefused() throws IOException {
        Kernel.requireIsolatedRoot();
        Path f = file(tmp, "vm.yaml", "pool: vm\ncount: 1\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));
        TapException e = catchThrowableOfType(TapException.class, () -> PoolDeclarations.load(tmp));
        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage()).startsWith(f + ": the declaration is writable by its group (mode 0664)")
                .endsWith("Fix: chmod go-w " + f);

        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PoolDeclarations.load(tmp)).isInstanceOf(TapException.class)
                .hasMessageStartingWith(tmp + ": the configuration directory is writable by its group and others")
                .hasMessageEndingWith("Fix: chmod go-w " + tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(PoolDeclarations.load(tmp)).hasSize(1);
    }

    @Test
    void aSymbolicLinkIsNeverFollowed() throws IOException {
        Path elsewhere = file(tmp.resolve("elsewhere"), "real.yaml", "pool: real\ncount: 1\n");
        Path dir = Files.createDirectory(tmp.resolve("pools.d"));
        Path link = Files.createSymbolicLink(dir.resolve("real.yaml"), elsewhere);
        TapException e = catchThrowableOfType(TapException.class, () -> PoolDeclarations.load(dir));
        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage()).startsWith(link + ": a symbolic link: taplease never follows links")
                .contains("Fix: put the declaration itself there");
        // a dangling one too (a plain stat would call it missing)
        Files.delete(link);
        Files.createSymbolicLink(link, tmp.resolve("nowhere.yaml"));
        assertThatThrownBy(() -> PoolDeclarations.load(dir)).hasMessageContaining("a symbolic link");
    }

    @Test
    void filesOfOtherRealUsersAreRefusedAndAUserTrustsRootAndItself() throws IOException {
        Kernel.requireIsolatedRoot();
        String user = "tl-d" + ProcessHandle.current().pid() % 100000 + "x" + System.nanoTime() % 1000;
        Kernel.run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
        try (Unprivileged sandbox = new Unprivileged("taplease-decl-", DeclarationsWorker.class,
                PoolDeclarations.class, Native.class, Compose.class)) {
            int uid = Integer.parseInt(Kernel.run("id", "-u", user).trim());
            int gid = Integer.parseInt(Kernel.run("id", "-g", user).trim());
            Path dir = Files.createDirectory(sandbox.dir().resolve("pools.d"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path theirs = file(dir, "theirs.yaml", "pool: theirs\ncount: 1\n");
            Kernel.run("chown", uid + ":" + gid, theirs.toString());

            // root refuses a file of the user's, and a directory of the user's
            TapException e = catchThrowableOfType(TapException.class, () -> PoolDeclarations.load(dir));
            assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
            assertThat(e.getMessage()).startsWith(theirs + ": the declaration belongs to user " + user + " (uid " + uid
                    + "), not to root").endsWith("Fix: chown root:root " + theirs);
            Kernel.run("chown", "0:0", theirs.toString());
            Kernel.run("chown", uid + ":" + gid, dir.toString());
            assertThatThrownBy(() -> PoolDeclarations.load(dir))
                    .hasMessageStartingWith(dir + ": the configuration directory belongs to user " + user);

            // the user trusts its own directory, its own files and root's files
            Path mine = file(dir, "mine.yaml", "pool: mine\ncount: 1\n");
            Kernel.run("chown", uid + ":" + gid, mine.toString());
            List<String> load = sandbox.java(DeclarationsWorker.class.getName(), "load", dir.toString());
            assertThat(asUser(sandbox, uid, gid, load)).isEqualTo("OK mine,theirs");

            // but not a file of another user (nobody's)
            Path nobodys = file(dir, "nobodys.yaml", "pool: nob\ncount: 1\n");
            Kernel.run("chown", "65534:65534", nobodys.toString());
            assertThat(asUser(sandbox, uid, gid, load)).startsWith("ERR PERMISSION " + nobodys
                    + ": the declaration belongs to user nobody (uid 65534), not to root or you");
        } finally {
            Kernel.run("userdel", user);
        }
    }

    private static String asUser(Unprivileged sandbox, int uid, int gid, List<String> command) {
        Kernel.Result r = sandbox.run(uid, gid, "0600", new ArrayList<>(command));
        assertThat(r.code()).as("stderr: %s", r.err()).isZero();
        return r.out().trim();
    }
}
