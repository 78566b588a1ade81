package org.taplease.ui.internal;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.taplease.core.Accounts;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolDeclarations;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;

/**
 * Asks for a pool to create or top up (name, size, owner, group, and the network its taps carry: none, routed or
 * bridged, and an MTU), or for the pool of one new tap. Validates with the engine's own checks
 * ({@link PoolSpec#requireValid()}) as the user types and returns a {@link PoolSpec}. An existing pool's network is
 * pre-filled from its declaration ({@link PoolDeclarations}) if it has one, else from what its members carry; a
 * declaration directory that cannot be read is shown as a warning and does not stop the dialog.
 */
public final class PoolDialog extends TitleAreaDialog {

    /** What the dialog is for. */
    public enum Mode {
        /** Create a pool or grow one to a size. */
        PROVISION,
        /** Add one tap to a pool. */
        ONE_TAP
    }

    /**
     * The pool declarations the dialog pre-fills from: those of a directory, or why they cannot be read.
     *
     * @param dir the directory read
     * @param list its declarations (empty if {@code problem} is set)
     * @param problem why the directory cannot be read, or null
     */
    public record Declared(Path dir, List<PoolDeclarations.Declaration> list, TapException problem) {

        /** Reads {@code dir}; a failure is kept, not thrown. */
        public static Declared load(Path dir) {
            try {
                return new Declared(dir, PoolDeclarations.load(dir), null);
            } catch (TapException e) {
                return new Declared(dir, List.of(), e);
            }
        }

        /** The declaration of {@code pool}, or null. */
        PoolSpec of(String pool) {
            for (PoolDeclarations.Declaration d : list) {
                if (d.spec().name().equals(pool)) {
                    return d.spec();
                }
            }
            return null;
        }
    }

    /** The MTU the kernel gives a new tap: not shown as the pool's own choice. */
    private static final int DEFAULT_MTU = 1500;

    /** Data key of the field that shows unreadable declarations in full (for tests). */
    public static final String DECLARATIONS_PROBLEM = "org.taplease.ui.declarationsProblem";

    /** The widest the dialog opens (the network section's labels fit). */
    private static final int MAX_INITIAL_WIDTH = 760;

    private final Mode mode;
    private final List<PoolInfo> pools;
    private final String initialPool;
    private final Declared declared;

    private Combo name;
    private Spinner count;
    private Text owner;
    private Text group;
    private Button netNone;
    private Button netRouted;
    private Button netBridged;
    private Text subnet;
    private Combo memberBlock;
    private Text bridge;
    private Text mtu;
    private PoolSpec result;
    private int messageType = IMessageProvider.NONE;

    /** A dialog that pre-fills from the declarations of {@link PoolDeclarations#defaultDir()}. */
    public PoolDialog(Shell parent, Mode mode, List<PoolInfo> pools, String initialPool) {
        this(parent, mode, pools, initialPool, Declared.load(PoolDeclarations.defaultDir()));
    }

    public PoolDialog(Shell parent, Mode mode, List<PoolInfo> pools, String initialPool, Declared declared) {
        super(parent);
        this.mode = mode;
        this.pools = pools;
        this.initialPool = initialPool;
        this.declared = declared;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(mode == Mode.PROVISION ? "Create or Top Up Pool" : "Create Tap");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    /** No wider than the form needs: a long message (a declaration's path) wraps instead of widening the dialog. */
    @Override
    protected org.eclipse.swt.graphics.Point getInitialSize() {
        org.eclipse.swt.graphics.Point p = super.getInitialSize();
        return new org.eclipse.swt.graphics.Point(Math.min(p.x, MAX_INITIAL_WIDTH), p.y);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle(mode == Mode.PROVISION ? "Create or top up a pool of persistent taps" : "Create a tap in a pool");
        setMessage("The owner and group may lease the pool's taps without privileges. Creating taps needs"
                + " CAP_NET_ADMIN once.");
        Composite c = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(c);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(c);

        label(c, "&Pool:");
        name = new Combo(c, SWT.DROP_DOWN);
        for (PoolInfo p : pools) {
            name.add(p.name());
        }
        name.setText(initialPool);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(name);

        label(c, mode == Mode.PROVISION ? "&Size (taps in total):" : "Size after creating:");
        count = new Spinner(c, SWT.BORDER);
        count.setValues(4, 1, 4096, 0, 1, 10);
        count.setEnabled(mode == Mode.PROVISION);

        label(c, "&Owner (user):");
        owner = new Text(c, SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(owner);
        label(c, "&Group:");
        group = new Text(c, SWT.BORDER);
        group.setMessage("optional");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(group);

        createNetworkSection(c);
        if (declared.problem() != null) {
            createDeclarationsProblem(c, declared.problem());
        }

        name.addModifyListener(e -> poolChanged());
        count.addModifyListener(e -> validate());
        owner.addModifyListener(e -> validate());
        group.addModifyListener(e -> validate());
        poolChanged();
        if (owner.getText().isEmpty()) {
            owner.setText(System.getProperty("user.name", ""));
        }
        return area;
    }

    /** None / Routed (subnet, member block) / Bridged (bridge), and the MTU: exclusive by construction. */
    private void createNetworkSection(Composite c) {
        Group g = new Group(c, SWT.NONE);
        g.setText("Network");
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(g);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).indent(0, 6).applyTo(g);

        netNone = radio(g, "&None: bare taps (no address, no bridge)");
        netRouted = radio(g, "&Routed: each tap its own small subnet (host address on the tap, guest address beside it)");
        Label sl = new Label(g, SWT.NONE);
        sl.setText("S&ubnet:");
        GridDataFactory.swtDefaults().indent(20, 0).applyTo(sl);
        subnet = new Text(g, SWT.BORDER);
        subnet.setMessage("e.g. 10.77.0.0/24");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(subnet);
        memberBlock = new Combo(g, SWT.READ_ONLY);
        memberBlock.setItems("/30 per tap (network, host, guest, broadcast)", "/31 per tap (point-to-point, RFC 3021)");
        memberBlock.select(0);
        netBridged = radio(g, "&Bridged: every tap a port of an existing bridge");
        Label bl = new Label(g, SWT.NONE);
        bl.setText("Bri&dge:");
        GridDataFactory.swtDefaults().indent(20, 0).applyTo(bl);
        bridge = new Text(g, SWT.BORDER);
        bridge.setMessage("an existing bridge, e.g. br0");
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(bridge);
        Label ml = new Label(g, SWT.NONE);
        ml.setText("&MTU:");
        mtu = new Text(g, SWT.BORDER);
        mtu.setMessage("optional: the kernel's default (1500)");
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).applyTo(mtu);
        netNone.setSelection(true);

        for (Button b : new Button[] { netNone, netRouted, netBridged }) {
            b.addListener(SWT.Selection, e -> {
                if (b.getSelection()) {
                    networkKindChanged();
                }
            });
        }
        subnet.addModifyListener(e -> validate());
        memberBlock.addModifyListener(e -> validate());
        bridge.addModifyListener(e -> validate());
        mtu.addModifyListener(e -> validate());
        networkKindChanged();
    }

    /** Unreadable declarations: what is wrong and the fix, in full and selectable (the message area has the gist). */
    private static void createDeclarationsProblem(Composite c, TapException e) {
        label(c, "Declarations:");
        Text t = new Text(c, SWT.READ_ONLY | SWT.WRAP | SWT.MULTI | SWT.BORDER);
        t.setText(e.getMessage());
        t.setData(DECLARATIONS_PROBLEM, Boolean.TRUE);
        GridDataFactory.fillDefaults().grab(true, false).hint(400, SWT.DEFAULT).applyTo(t);
    }

    private static Button radio(Composite g, String text) {
        Button b = new Button(g, SWT.RADIO);
        b.setText(text);
        GridDataFactory.fillDefaults().span(3, 1).applyTo(b);
        return b;
    }

    /** The network the radio buttons select. */
    private PoolNetworkInput.Kind kind() {
        return netRouted.getSelection() ? PoolNetworkInput.Kind.ROUTED
                : netBridged.getSelection() ? PoolNetworkInput.Kind.BRIDGED : PoolNetworkInput.Kind.NONE;
    }

    /** Selects the network kind as a click on its radio button would (also for tests). */
    public void selectNetwork(PoolNetworkInput.Kind k) {
        netNone.setSelection(k == PoolNetworkInput.Kind.NONE);
        netRouted.setSelection(k == PoolNetworkInput.Kind.ROUTED);
        netBridged.setSelection(k == PoolNetworkInput.Kind.BRIDGED);
        networkKindChanged();
    }

    private void networkKindChanged() {
        PoolNetworkInput.Kind k = kind();
        subnet.setEnabled(k == PoolNetworkInput.Kind.ROUTED);
        memberBlock.setEnabled(k == PoolNetworkInput.Kind.ROUTED);
        bridge.setEnabled(k == PoolNetworkInput.Kind.BRIDGED);
        validate();
    }

    private static void label(Composite c, String text) {
        Label l = new Label(c, SWT.NONE);
        l.setText(text);
    }

    private PoolInfo existing() {
        String n = name.getText().trim();
        return pools.stream().filter(p -> p.name().equals(n)).findFirst().orElse(null);
    }

    private void poolChanged() {
        PoolInfo p = existing();
        PoolSpec decl = declared.of(name.getText().trim());
        if (p != null) {
            owner.setText(p.owner() == null ? "" : Accounts.user(p.owner()));
            group.setText(p.group() == null ? "" : Accounts.group(p.group()));
            count.setSelection(mode == Mode.PROVISION ? Math.max(p.members().size(), 1) : p.members().size() + 1);
        } else if (decl != null) { // declared, but no member here (e.g. before 'pool apply')
            owner.setText(decl.owner() == null ? "" : Accounts.user(decl.owner()));
            group.setText(decl.group() == null ? "" : Accounts.group(decl.group()));
            count.setSelection(mode == Mode.PROVISION ? decl.count() : 1);
        } else if (mode == Mode.ONE_TAP) {
            count.setSelection(1);
        }
        if (decl != null) {
            showNetwork(decl.network());
        } else if (p != null) {
            // what the members carry (the subnet itself is not listed: a routed pool's must be typed again)
            if (p.bridge() != null) {
                bridge.setText(p.bridge());
                selectNetwork(PoolNetworkInput.Kind.BRIDGED);
            } else if (p.routed() > 0) {
                selectNetwork(PoolNetworkInput.Kind.ROUTED);
            }
            if (p.mtu() != null && p.mtu() != DEFAULT_MTU) {
                mtu.setText(Integer.toString(p.mtu()));
            }
        }
        validate();
    }

    /** Fills the network section with a declared network. */
    private void showNetwork(PoolNetwork n) {
        subnet.setText(n.subnet() == null ? "" : n.subnet());
        memberBlock.select(n.memberPrefix() == 31 ? 1 : 0);
        bridge.setText(n.bridge() == null ? "" : n.bridge());
        mtu.setText(n.mtu() == null ? "" : Integer.toString(n.mtu()));
        selectNetwork(n.routed() ? PoolNetworkInput.Kind.ROUTED
                : n.bridged() ? PoolNetworkInput.Kind.BRIDGED : PoolNetworkInput.Kind.NONE);
    }

    private void validate() {
        if (mtu == null) {
            return; // still building the dialog
        }
        String pool = name.getText().trim();
        String problem = null;
        PoolSpec spec = null;
        try {
            String o = owner.getText().trim();
            String g = group.getText().trim();
            Integer uid;
            Integer gid;
            try {
                uid = o.isEmpty() ? null : Accounts.uid(o);
                gid = g.isEmpty() ? null : Accounts.gid(g);
            } catch (TapException e) { // a name the account database does not know: the spec cannot carry it
                throw new TapException(e.reason(), e.device(), e.summary().replace("--owner ", "owner ")
                        .replace("--group ", "group "), e.fix());
            }
            PoolNetworkInput.Result net = PoolNetworkInput.read(kind(), subnet.getText(), memberPrefix(),
                    bridge.getText(), mtu.getText());
            if (net.problem() != null) {
                problem = net.problem();
            } else {
                spec = new PoolSpec(pool, count.getSelection(), uid, gid, TapPreferences.template())
                        .withNetwork(net.network()).requireValid();
            }
        } catch (TapException e) {
            problem = message(e, pool);
            spec = null;
        }
        result = spec;
        setErrorMessage(problem);
        if (problem == null && declared.problem() != null) {
            TapException e = declared.problem();
            setMessage("The pool cannot be declared: " + where(e.device()) + e.summary() + " (fix below)",
                    IMessageProvider.WARNING);
        } else if (problem == null) {
            PoolInfo p = existing();
            setMessage((p == null ? "Creates pool " + spec.name() + " with " + spec.count() + " taps."
                    : "Pool " + p.name() + " has " + p.members().size() + " taps (" + p.free() + " free); "
                            + (spec.count() > p.members().size()
                                    ? (spec.count() - p.members().size()) + " will be created."
                                    : "nothing to create."))
                    + describe(spec.network()));
        }
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(problem == null);
        }
    }

    /** "NAME.yaml: " for a file of the declaration directory, "DEVICE: " for anything else, "" for none. */
    private String where(String device) {
        if (device == null || device.isEmpty()) {
            return "";
        }
        Path d = Path.of(device);
        return (declared.dir() != null && d.getParent() != null && d.getParent().equals(declared.dir())
                ? d.getFileName().toString() : device) + ": ";
    }

    /**
     * The engine's words for {@code e} in the message area: "summary. Fix: fix", with the device in front unless it is
     * the pool being edited (the dialog is about it).
     */
    static String message(TapException e, String pool) {
        String d = e.device();
        boolean self = d == null || d.isEmpty() || d.equals("pool " + pool);
        return (self ? "" : d + ": ") + e.summary() + (e.fix() == null || e.fix().isEmpty() ? "" : ". Fix: " + e.fix());
    }

    private int memberPrefix() {
        return memberBlock.getSelectionIndex() == 1 ? 31 : PoolNetwork.DEFAULT_MEMBER_PREFIX;
    }

    /** " Each tap gets a /30 of 10.77.0.0/24 (room for 64)." and the like; "" for bare taps. */
    private static String describe(PoolNetwork n) {
        StringBuilder b = new StringBuilder();
        if (n.routed()) {
            b.append(" Each tap gets a /").append(n.memberPrefix()).append(" of ").append(n.subnet())
                    .append(" (room for ").append(PoolNetworkInput.room(n.subnet(), n.memberPrefix())).append(").");
        } else if (n.bridged()) {
            b.append(" Every tap joins bridge ").append(n.bridge()).append('.');
        }
        if (n.mtu() != null) {
            b.append(" MTU ").append(n.mtu()).append('.');
        }
        return b.toString();
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText(mode == Mode.PROVISION ? "&Provision" : "&Create");
        validate();
    }

    @Override
    public void setMessage(String newMessage, int newType) {
        messageType = newType;
        super.setMessage(newMessage, newType);
    }

    /** The type of the message shown ({@link IMessageProvider#WARNING} for unreadable declarations; for tests). */
    public int messageType() {
        return messageType;
    }

    /** The pool to provision, valid after OK. */
    public PoolSpec spec() {
        return result;
    }

    /**
     * The CLI command that does the same with privileges: it provisions the pool and declares it, with
     * {@code --config-dir} if the IDE's declarations are not in the default directory (sudo drops the environment).
     */
    public static String command(PoolSpec s) {
        StringBuilder b = new StringBuilder("pool create --name ").append(s.name()).append(" --count ")
                .append(s.count());
        if (s.owner() != null) {
            b.append(" --owner ").append(Accounts.user(s.owner()));
        }
        if (s.group() != null) {
            b.append(" --group ").append(Accounts.group(s.group()));
        }
        if (s.template() != null && !s.template().equals(LeaseRequest.DEFAULT_TEMPLATE)) {
            b.append(" --template '").append(s.template()).append('\'');
        }
        PoolNetwork n = s.network();
        if (n.routed()) {
            b.append(" --subnet ").append(n.subnet());
            if (n.memberPrefix() != PoolNetwork.DEFAULT_MEMBER_PREFIX) {
                b.append(" --member-prefix ").append(n.memberPrefix());
            }
        }
        if (n.bridged()) {
            b.append(" --bridge ").append(n.bridge());
        }
        if (n.mtu() != null) {
            b.append(" --mtu ").append(n.mtu());
        }
        return b.append(configDirOption()).toString();
    }

    /** " --config-dir DIR" when declarations go elsewhere than the default directory, else "". */
    public static String configDirOption() {
        Path dir = PoolDeclarations.defaultDir().toAbsolutePath();
        if (dir.equals(PoolDeclarations.DEFAULT_DIR)) {
            return "";
        }
        String d = dir.toString();
        return " --config-dir " + (d.matches("[A-Za-z0-9_./+:@-]+") ? d : "'" + d.replace("'", "'\\''") + "'");
    }
}
