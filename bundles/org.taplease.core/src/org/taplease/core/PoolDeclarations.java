package org.taplease.core;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.taplease.core.TapException.Reason;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.engine.Ipv4;
import org.taplease.core.internal.engine.PoolApply;
import org.taplease.core.internal.jna.Unistd;

/**
 * Pool declarations: one YAML file per pool in a configuration directory ({@link #defaultDir()}), which
 * {@code taplease pool apply} (and at boot {@code taplease-pools.service}) makes the system match. A file
 * {@code NAME.yaml} holds, e.g.:
 *
 * <pre>
 * pool: vm
 * count: 4
 * owner: alice          # user name or uid; optional
 * group: kvm            # group name or gid; optional
 * template: "{pool}%d"  # optional
 * subnet: 10.77.0.0/24  # routed: member i gets the i-th /30 (optional)
 * member-prefix: 30     # 30 or 31 (optional, default 30)
 * bridge: br0           # bridged (optional; not together with subnet)
 * mtu: 1500             # optional
 * keep-addresses: true  # optional, default false (see PoolSpec#keepAddresses)
 * </pre>
 *
 * YAML 1.2 (core schema), so {@code no} stays a string. Every problem is a {@link TapException} with
 * {@link Reason#INVALID_REQUEST} naming the file, the line and column, and the fix; nothing is half-loaded.
 * <p>
 * The directory is trusted like sshd's StrictModes: run as root, the directory and each file must belong to root and
 * be writable by nobody else (a file anyone else could write would let them declare taps that root creates at boot);
 * run as another user, they may belong to root or to that user. Symbolic links are never followed as declarations.
 */
public final class PoolDeclarations {

    /** The environment variable that overrides {@link #DEFAULT_DIR}. */
    public static final String ENV = "TAPLEASE_CONFIG_DIR";

    /** Where declarations live unless {@link #ENV} says otherwise. */
    public static final Path DEFAULT_DIR = Path.of("/etc/taplease/pools.d");

    /** The suffix of declaration files; other files of the directory are ignored. */
    public static final String SUFFIX = ".yaml";

    /** A declared pool and the file that declares it. */
    public record Declaration(PoolSpec spec, Path file) {
    }

    private static final String KEYS = "pool, count, owner, group, template, subnet, member-prefix, bridge, mtu,"
            + " keep-addresses";
    private static final Set<String> KEY_SET = Set.of(KEYS.split(", "));
    private static final int MAX_FILE = 64 * 1024;
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;

    /** {@code $TAPLEASE_CONFIG_DIR} if set and not empty, else {@code /etc/taplease/pools.d}. */
    public static Path defaultDir() {
        String v = System.getenv(ENV);
        return v != null && !v.isEmpty() ? Path.of(v) : DEFAULT_DIR;
    }

    /**
     * Every declaration of {@code dir}: its {@code *.yaml} files, sorted by name (a missing directory declares
     * nothing).
     *
     * @throws TapException INVALID_REQUEST naming the file and line: a syntax error, an unknown key, a wrong value, two
     *         files declaring the same pool, overlapping subnets; PERMISSION: an untrusted file or directory (see the
     *         class comment), or one that cannot be read
     */
    public static List<Declaration> load(Path dir) {
        List<Declaration> out = new ArrayList<>();
        for (Parsed p : parseAll(dir)) {
            out.add(new Declaration(p.spec(), p.file()));
        }
        return List.copyOf(out);
    }

    /**
     * Writes {@code spec} to {@code dir/NAME.yaml} atomically (a temporary file in {@code dir}, then a rename), mode
     * 0644, creating {@code dir} (and its parent) with mode 0755 if missing. Owner and group are written as names
     * where they have one. The other declarations of {@code dir} are checked first (they must load, must not
     * declare the same pool in another file, and their subnets must not overlap {@code spec}'s).
     *
     * @return the file written
     * @throws TapException INVALID_REQUEST if {@code spec} is not valid or conflicts with another declaration; SYSTEM if
     *         the file cannot be written
     */
    public static Path write(Path dir, PoolSpec spec) {
        String name = TapNames.requireValidPool(spec.name());
        Path target = dir.resolve(name + SUFFIX);
        String text = render(spec);
        checked(dir, target, text);
        try {
            createDirs(dir);
            Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    ch.force(true);
                }
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw ioFailure(target, "cannot write the declaration", e);
        }
        return target;
    }

    /**
     * Everything {@link #write} checks, without writing: {@code spec} is valid, conflicts with no other declaration of
     * {@code dir}, and {@code dir} (or, if it does not exist yet, the directory it would be made in) is writable. For
     * callers that change the system first and declare after, so that a declaration that cannot be written stops them
     * before anything changed.
     *
     * @throws TapException as {@link #write}; PERMISSION if the directory cannot be written
     */
    public static void check(Path dir, PoolSpec spec) {
        String name = TapNames.requireValidPool(spec.name());
        checked(dir, dir.resolve(name + SUFFIX), render(spec));
        Path d = dir.toAbsolutePath();
        while (d != null && !Files.exists(d)) {
            d = d.getParent();
        }
        if (d == null || !Files.isDirectory(d) || !Files.isWritable(d)) {
            boolean root = Unistd.geteuid() == 0;
            throw new TapException(Reason.PERMISSION, dir.toString(), "cannot write declarations here"
                    + (d == null || d.equals(dir.toAbsolutePath()) ? "" : " (" + d + " is not writable)")
                    + (root ? "" : ", and creating taps needs CAP_NET_ADMIN"),
                    root ? "give --config-dir (or TAPLEASE_CONFIG_DIR) a directory you may write"
                            : "run as root: sudo taplease pool create ... (or --config-dir DIR for a directory you may"
                                    + " write)");
        }
    }

    /** The checks of {@link #write}: {@code text} (the rendering of {@code spec}) loads, and nothing conflicts. */
    private static void checked(Path dir, Path target, String text) {
        Parsed mine = parse(target, text); // the same checks as load: what write writes, load reads back
        List<Parsed> all = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            for (Parsed p : parseAll(dir)) {
                if (!p.file().getFileName().equals(target.getFileName())) {
                    all.add(p);
                }
            }
        }
        all.add(mine);
        crossCheck(all);
    }

    /**
     * Removes the declaration of {@code pool}: {@code dir/POOL.yaml} and any other {@code *.yaml} file of {@code dir}
     * that declares {@code pool} (files that do not load are left alone, unless named {@code POOL.yaml}).
     *
     * @return whether a file was removed
     */
    public static boolean delete(Path dir, String pool) {
        TapNames.requireValidPool(pool);
        Path target = dir.resolve(pool + SUFFIX);
        boolean removed = false;
        try {
            removed = Files.deleteIfExists(target); // a link is removed, never followed
            if (Files.isDirectory(dir)) {
                for (Path f : yamlFiles(dir)) {
                    Parsed p;
                    try {
                        p = parse(f, read(f, Unistd.geteuid()));
                    } catch (TapException notMine) {
                        continue;
                    }
                    if (p.spec().name().equals(pool)) {
                        removed |= Files.deleteIfExists(f);
                    }
                }
            }
        } catch (IOException e) {
            throw ioFailure(target, "cannot remove the declaration", e);
        }
        return removed;
    }

    // ---------------------------------------------------------------- reading

    /** A parsed declaration with where its values are (for messages about more than one file). */
    private record Parsed(PoolSpec spec, Path file, Optional<Mark> poolMark, Optional<Mark> subnetMark,
            Ipv4.@Nullable Cidr subnet) {
    }

    private static List<Parsed> parseAll(Path dir) {
        int euid = Unistd.geteuid();
        Map<String, Object> d;
        try {
            d = Files.readAttributes(dir, "unix:uid,mode"); // the directory itself may be a link (e.g. to /srv)
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw ioFailure(dir, "cannot read the configuration directory", e);
        }
        int mode = (Integer) d.get("mode");
        if ((mode & S_IFMT) != S_IFDIR) {
            throw new TapException(Reason.INVALID_REQUEST, dir.toString(), "not a directory",
                    "make it the directory of pool declarations, or set " + ENV + " to one");
        }
        requireTrusted(dir, (Integer) d.get("uid"), mode, euid, true);
        List<Parsed> all = new ArrayList<>();
        try {
            for (Path f : yamlFiles(dir)) {
                all.add(parse(f, read(f, euid)));
            }
        } catch (IOException e) {
            throw ioFailure(dir, "cannot list the configuration directory", e);
        }
        crossCheck(all);
        return all;
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : s) {
                files.add(p);
            }
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    /** The text of a declaration file, refusing links, other kinds of file and untrusted files. */
    private static String read(Path f, int euid) {
        try {
            Map<String, Object> a = Files.readAttributes(f, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            if ((mode & S_IFMT) == S_IFLNK) {
                throw new TapException(Reason.PERMISSION, f.toString(),
                        "a symbolic link: taplease never follows links in its configuration directory (anyone who"
                                + " could point it elsewhere would choose what is applied)",
                        "put the declaration itself there: cp --remove-destination \"$(readlink -f " + f + ")\" " + f);
            }
            if ((mode & S_IFMT) != S_IFREG) {
                throw new TapException(Reason.INVALID_REQUEST, f.toString(), "not a regular file",
                        "remove it, or rename it to a name that does not end in " + SUFFIX);
            }
            requireTrusted(f, (Integer) a.get("uid"), mode, euid, false);
            byte[] bytes;
            try (InputStream in = Files.newInputStream(f, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_FILE + 1);
            }
            if (bytes.length > MAX_FILE) {
                throw new TapException(Reason.INVALID_REQUEST, f.toString(),
                        "larger than " + MAX_FILE / 1024 + " KiB: not a pool declaration", "declare one pool per file");
            }
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new TapException(Reason.INVALID_REQUEST, f.toString(), "not UTF-8 text",
                        "save it as UTF-8");
            }
        } catch (IOException e) {
            throw ioFailure(f, "cannot read the declaration", e);
        }
    }

    /** StrictModes: owned by root (or, for a caller other than root, by the caller), writable by the owner only. */
    private static void requireTrusted(Path p, int uid, int mode, int euid, boolean dir) {
        String what = dir ? "the configuration directory" : "the declaration";
        if (uid != 0 && (euid == 0 || uid != euid)) {
            String owner = Accounts.user(uid);
            throw new TapException(Reason.PERMISSION, p.toString(),
                    what + " belongs to user " + owner + (owner.equals(Integer.toString(uid)) ? "" : " (uid " + uid + ")")
                            + ", not to root" + (euid == 0 ? "" : " or you")
                            + ": that user could declare pools for taplease to apply",
                    "chown root:root " + p + (euid == 0 ? "" : " (or check that this is the directory you meant)"));
        }
        if ((mode & 022) != 0) {
            throw new TapException(Reason.PERMISSION, p.toString(),
                    what + " is writable by " + ((mode & 020) != 0 ? "its group" : "")
                            + ((mode & 022) == 022 ? " and " : "") + ((mode & 002) != 0 ? "others" : "")
                            + " (mode " + String.format("%04o", mode & 07777)
                            + "): they could declare pools for taplease to apply",
                    "chmod go-w " + p);
        }
    }

    /** Parses one declaration (no access to the file system, but the user and group databases). */
    private static Parsed parse(Path file, String text) {
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).setSchema(new CoreSchema())
                    .setMaxAliasesForCollections(10).build();
            Optional<Node> n = new Compose(settings).composeString(text);
            if (n.isEmpty()) {
                throw invalid(file, Optional.empty(), "empty: it declares no pool",
                        "write at least 'pool: NAME' and 'count: N', or remove the file");
            }
            root = n.get();
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> m = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new TapException(Reason.INVALID_REQUEST, where(file, m), "YAML syntax error: " + problem,
                    "correct the YAML there (one 'key: value' per line, a space after each ':', and quotes around values"
                            + " with '{', '%', ':' or '#', e.g. template: \"{pool}%d\")",
                    0, null, null, e);
        } catch (YamlEngineException e) {
            throw new TapException(Reason.INVALID_REQUEST, file.toString(), "YAML syntax error: " + e.getMessage(),
                    "correct the YAML", 0, null, null, e);
        }
        if (!(root instanceof MappingNode map)) {
            throw invalid(file, root.getStartMark(), "a declaration is a mapping of keys, e.g. 'pool: vm'",
                    "write one 'key: value' per line (" + KEYS + ")");
        }
        Map<String, NodeTuple> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks) || !Tag.STR.equals(k.getTag())) {
                throw invalid(file, k.getStartMark(), "a key must be a plain word", "use one of: " + KEYS);
            }
            NodeTuple first = keys.get(ks.getValue());
            if (first != null) {
                throw invalid(file, k.getStartMark(),
                        "duplicate key '" + ks.getValue() + "' (first given on line " + line(first.getKeyNode()) + ")",
                        "give each key once");
            }
            if (!KEY_SET.contains(ks.getValue())) {
                throw invalid(file, k.getStartMark(), "unknown key '" + ks.getValue() + "'",
                        "use one of: " + KEYS);
            }
            keys.put(ks.getValue(), t);
        }
        NodeTuple poolT = keys.get("pool");
        if (poolT == null) {
            throw invalid(file, root.getStartMark(), "no 'pool' key: which pool does this declare?",
                    "add 'pool: NAME' (by convention the file is NAME" + SUFFIX + ")");
        }
        String pool = string(file, poolT, false);
        if (pool == null) {
            throw invalid(file, poolT.getValueNode().getStartMark(), "pool has no value", "write pool: NAME");
        }
        try {
            TapNames.requireValidPool(pool);
        } catch (TapException e) {
            throw invalid(file, poolT.getValueNode().getStartMark(), e.summary() + " (pool " + pool + ")", e.fix());
        }
        NodeTuple countT = keys.get("count");
        if (countT == null) {
            throw invalid(file, root.getStartMark(), "no 'count' key: how many taps should pool " + pool + " have?",
                    "add 'count: N' (1 to " + LeaseEngine.MAX_POOL_SIZE + ")");
        }
        int count = integer(file, countT, 1, LeaseEngine.MAX_POOL_SIZE,
                "count must be a number from 1 to " + LeaseEngine.MAX_POOL_SIZE, "e.g. count: 4");
        Integer owner = account(file, keys.get("owner"), true);
        Integer group = account(file, keys.get("group"), false);
        String template = LeaseRequest.DEFAULT_TEMPLATE;
        NodeTuple templateT = keys.get("template");
        if (templateT != null) {
            String t = string(file, templateT, true);
            if (t != null) {
                try {
                    template = TapNames.requireValidTemplate(t, pool);
                } catch (TapException e) {
                    throw invalid(file, templateT.getValueNode().getStartMark(),
                            "template " + t + ": " + e.summary(), e.fix());
                }
            }
        }
        boolean keep = false;
        NodeTuple keepT = keys.get("keep-addresses");
        if (keepT != null && !isNull(keepT.getValueNode())) {
            Node v = keepT.getValueNode();
            if (!(v instanceof ScalarNode s) || !Tag.BOOL.equals(v.getTag())) {
                throw invalid(file, v.getStartMark(), "keep-addresses must be true or false",
                        "write keep-addresses: true (or leave it out)");
            }
            keep = Boolean.parseBoolean(s.getValue().toLowerCase(Locale.ROOT));
        }
        int memberPrefix = PoolNetwork.DEFAULT_MEMBER_PREFIX;
        NodeTuple mpT = keys.get("member-prefix");
        if (mpT != null && !isNull(mpT.getValueNode())) {
            memberPrefix = integer(file, mpT, 30, 31, "member-prefix must be 30 or 31",
                    "30: a /30 per member (host, guest, network and broadcast addresses); 31: a /31 (RFC 3021)");
        }
        Integer mtu = null;
        NodeTuple mtuT = keys.get("mtu");
        if (mtuT != null && !isNull(mtuT.getValueNode())) {
            mtu = integer(file, mtuT, 68, 65535, "mtu must be a number from 68 to 65535", "e.g. mtu: 1500");
        }
        NodeTuple subnetT = keys.get("subnet");
        NodeTuple bridgeT = keys.get("bridge");
        String subnet = subnetT == null ? null : string(file, subnetT, false);
        String bridge = bridgeT == null ? null : string(file, bridgeT, false);
        if (subnet != null && bridge != null && subnetT != null && bridgeT != null) {
            NodeTuple later = line(subnetT.getKeyNode()) > line(bridgeT.getKeyNode()) ? subnetT : bridgeT;
            throw invalid(file, later.getKeyNode().getStartMark(),
                    "both subnet and bridge: a pool is routed (subnet) or bridged (bridge), not both",
                    "remove 'subnet' or 'bridge'");
        }
        Ipv4.Cidr cidr = null;
        if (subnet != null && subnetT != null) {
            // the engine's own checks (CIDR, host bits, member block, size for the count), placed at the subnet
            try {
                PoolApply.check(new PoolSpec(pool, count, null, null, template, keep,
                        new PoolNetwork(subnet, memberPrefix, null, mtu)), false);
                cidr = Ipv4.parseCidr(subnet, "subnet");
            } catch (TapException e) {
                throw invalid(file, subnetT.getValueNode().getStartMark(), e.summary(), e.fix());
            }
        }
        if (bridge != null && bridgeT != null) {
            try {
                TapNames.requireValidInterface(bridge);
            } catch (TapException e) {
                throw invalid(file, bridgeT.getValueNode().getStartMark(), "bridge " + bridge + ": " + e.summary(),
                        e.fix());
            }
        }
        PoolSpec spec = new PoolSpec(pool, count, owner, group, template, keep,
                new PoolNetwork(subnet, memberPrefix, bridge, mtu));
        return new Parsed(spec, file, poolT.getValueNode().getStartMark(),
                subnetT == null ? Optional.empty() : subnetT.getValueNode().getStartMark(), cidr);
    }

    /** Two declarations of one pool; overlapping subnets. */
    private static void crossCheck(List<Parsed> all) {
        Map<String, Parsed> byName = new HashMap<>();
        for (Parsed p : all) {
            Parsed other = byName.putIfAbsent(p.spec().name(), p);
            if (other != null) {
                throw invalid(p.file(), p.poolMark(),
                        "a declaration naming a pool another declaration already uses: pool " + p.spec().name()
                                + " is declared in " + other.file() + " too",
                        "keep one of " + other.file() + " and " + p.file() + " (one file per pool, named POOL"
                                + SUFFIX + ")");
            }
        }
        for (int i = 0; i < all.size(); i++) {
            Parsed a = all.get(i);
            for (int j = 0; j < i; j++) {
                Parsed b = all.get(j);
                if (a.subnet() != null && b.subnet() != null && a.subnet().overlaps(b.subnet())) {
                    throw invalid(a.file(), a.subnetMark(),
                            "subnet " + a.spec().network().subnet() + " of pool " + a.spec().name()
                                    + " overlaps subnet " + b.spec().network().subnet() + " of pool "
                                    + b.spec().name() + " declared in " + b.file(),
                            "give each pool a subnet of its own");
                }
            }
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    /** A string value, null for an empty value; numbers and booleans are refused (quote them). */
    private static @Nullable String string(Path file, NodeTuple t, boolean template) {
        String key = ((ScalarNode) t.getKeyNode()).getValue();
        Node v = t.getValueNode();
        if (isNull(v)) {
            return null;
        }
        if (!(v instanceof ScalarNode s) || !Tag.STR.equals(v.getTag())) {
            throw invalid(file, v.getStartMark(), key + " must be a " + (template ? "quoted " : "") + "string",
                    template ? "quote it: template: \"{pool}%d\"" : "write " + key + ": VALUE (quoted if it is a number)");
        }
        return s.getValue();
    }

    private static int integer(Path file, NodeTuple t, int min, int max, String what, String fix) {
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && Tag.INT.equals(v.getTag())) {
            BigInteger n = parseInt(s.getValue());
            if (n != null && n.compareTo(BigInteger.valueOf(min)) >= 0 && n.compareTo(BigInteger.valueOf(max)) <= 0) {
                return n.intValue();
            }
        }
        String got = v instanceof ScalarNode s ? s.getValue() : "a " + v.getNodeType().name().toLowerCase(Locale.ROOT);
        throw invalid(file, v.getStartMark(), what + " (not " + got + ")", fix);
    }

    /** YAML 1.2 core schema integers: decimal with a sign, 0o octal, 0x hexadecimal. */
    private static @Nullable BigInteger parseInt(String s) {
        try {
            if (s.startsWith("0x")) {
                return new BigInteger(s.substring(2), 16);
            }
            if (s.startsWith("0o")) {
                return new BigInteger(s.substring(2), 8);
            }
            return new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Owner or group: a name resolved now, or a number. */
    private static @Nullable Integer account(Path file, @Nullable NodeTuple t, boolean user) {
        if (t == null || isNull(t.getValueNode())) {
            return null;
        }
        String key = user ? "owner" : "group";
        Node v = t.getValueNode();
        if (v instanceof ScalarNode && Tag.INT.equals(v.getTag())) {
            return integer(file, t, 0, Integer.MAX_VALUE - 1,
                    key + " must be a " + (user ? "user" : "group") + " name or a number from 0 to "
                            + (Integer.MAX_VALUE - 1),
                    "e.g. " + key + ": " + (user ? "alice" : "kvm"));
        }
        String name = string(file, t, false);
        if (name == null) {
            return null;
        }
        try {
            return user ? Accounts.uid(name) : Accounts.gid(name);
        } catch (TapException e) {
            throw invalid(file, v.getStartMark(), key + " " + name + ": " + e.summary(), e.fix());
        }
    }

    private static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String where(Path file, Optional<Mark> m) {
        return m.map(k -> file + " line " + (k.getLine() + 1) + ", column " + (k.getColumn() + 1))
                .orElse(file.toString());
    }

    private static TapException invalid(Path file, Optional<Mark> m, String what, @Nullable String fix) {
        return new TapException(Reason.INVALID_REQUEST, where(file, m), what, fix);
    }

    private static TapException ioFailure(Path p, String what, IOException e) {
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getClass().getSimpleName();
        if (e instanceof AccessDeniedException) {
            return new TapException(Reason.PERMISSION, p.toString(), what + ": permission denied",
                    "run as root (sudo), or set " + ENV + " to a directory you may use", 0, null, null, e);
        }
        return new TapException(Reason.SYSTEM, p.toString(), what + ": " + reason, null, 0, null, null, e);
    }

    // ---------------------------------------------------------------- writing

    private static String render(PoolSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool", spec.name());
        m.put("count", spec.count());
        Integer owner = spec.owner();
        if (owner != null) {
            m.put("owner", accountValue(Accounts.user(owner), owner));
        }
        Integer group = spec.group();
        if (group != null) {
            m.put("group", accountValue(Accounts.group(group), group));
        }
        if (!LeaseRequest.DEFAULT_TEMPLATE.equals(spec.template())) {
            m.put("template", spec.template());
        }
        PoolNetwork n = spec.network();
        String subnet = n.subnet();
        if (subnet != null) {
            m.put("subnet", subnet);
        }
        if (n.memberPrefix() != PoolNetwork.DEFAULT_MEMBER_PREFIX) {
            m.put("member-prefix", n.memberPrefix());
        }
        String bridge = n.bridge();
        if (bridge != null) {
            m.put("bridge", bridge);
        }
        Integer mtu = n.mtu();
        if (mtu != null) {
            m.put("mtu", mtu);
        }
        if (spec.keepAddresses()) {
            m.put("keep-addresses", true);
        }
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
                .setSchema(new CoreSchema()).build();
        String body = new Dump(settings).dumpToString(m);
        return "# taplease pool " + spec.name() + ": applied at boot by taplease-pools.service (taplease pool apply).\n"
                + "# Written by 'taplease pool create'; edit by hand or with taplease, then run 'taplease pool apply'.\n"
                + "# Keys: " + KEYS + " (see README).\n" + body;
    }

    /** A name where the number has one that reads back as the same number; else the number. */
    private static Object accountValue(String name, Integer id) {
        return name.matches("\\d+") ? id : name;
    }

    private static void createDirs(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            Files.setPosixFilePermissions(p, Set.copyOf(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
    }

    private PoolDeclarations() {
    }
}
