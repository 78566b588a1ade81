package org.taplease.ui.internal.views;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.IWorkbenchPartReference;
import org.taplease.core.Holder;
import org.taplease.core.LinkStats;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapNetwork;
import org.taplease.core.TapService;
import org.taplease.ui.TapViews;
import org.taplease.ui.internal.Images;
import org.taplease.ui.internal.Rates;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.TapUiPlugin;
import org.taplease.ui.internal.UiTapService;

/**
 * The device-status view: the tap selected in Tap Devices. Its state, carrier and holders follow the kernel's events
 * through Tap Devices (which follows {@link TapService#watch} and announces a new state of the selected tap as a new
 * selection, holders included); its counters are sampled every second ({@code tap(name, false)}: no holder scan) only
 * while the view is visible. Live counters, a throughput chart of the last minutes, carrier changes, and the holders
 * seen while the view was open. When Tap Devices is closed or lists by polling, a sample reads the holders too.
 */
public final class TapStatusView extends ViewPart {

    public static final String ID = TapViews.TAP_STATUS;
    static final long SAMPLE_MILLIS = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private CLabel header;
    private final Label[] values = new Label[8];
    /** One line under the header: the tap's network (host address/prefix, guest address, bridge, guest MAC). */
    private Label networkLine;
    /** The parts of {@link #networkLine}: host address/prefix (netmask), guest address, bridge, guest MAC. */
    private final String[] network = { "", "", "", "" };
    private ThroughputChart chart;
    private Table history;

    private volatile String tap;
    private final SampleJob job = new SampleJob();
    private volatile boolean disposed;
    private volatile boolean visible = true;
    /**
     * The shown tap as Tap Devices last announced it while following kernel events (holders included), or null: then a
     * sample looks the holders up itself.
     */
    private volatile TapInfo announced;
    private final IPartListener2 visibility = new IPartListener2() {
        @Override
        public void partVisible(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == TapStatusView.this) {
                visible = true;
                sampleSoon();
            }
        }

        @Override
        public void partHidden(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == TapStatusView.this) {
                visible = false;
            }
        }

        @Override
        public void partClosed(IWorkbenchPartReference ref) {
            if (TapDevicesView.ID.equals(ref.getId())) {
                announced = null; // no more announcements: samples read the holders
            }
        }
    };

    // UI-thread state of the current tap
    private LinkStats lastStats;
    private long lastNanos;
    private Boolean lastCarrier;
    private String lastHolders;
    private int lastIfindex;

    private final ISelectionListener selectionListener = (IWorkbenchPart part, ISelection selection) -> {
        if (selection instanceof IStructuredSelection s && s.getFirstElement() instanceof TapRow r) {
            show(r.name());
            announced = part instanceof TapDevicesView v && v.followsEvents() ? r.info() : null;
            sampleSoon(); // a new state of the shown tap: show it now
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(6, 6).numColumns(2).applyTo(parent);
        header = new CLabel(parent, SWT.NONE);
        header.setText("Select a tap in the Tap Devices view.");
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(header);
        networkLine = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).indent(6, 0).applyTo(networkLine);

        Composite left = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().applyTo(left);
        GridDataFactory.fillDefaults().grab(false, true).hint(330, SWT.DEFAULT).applyTo(left);
        Group counters = new Group(left, SWT.NONE);
        counters.setText("Counters");
        GridLayoutFactory.swtDefaults().numColumns(2).spacing(8, 2).applyTo(counters);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(counters);
        String[] names = { "RX packets:", "RX bytes:", "TX packets:", "TX bytes:", "RX rate:", "TX rate:", "Link:",
                "Carrier changes:" };
        for (int i = 0; i < names.length; i++) {
            new Label(counters, SWT.NONE).setText(names[i]);
            values[i] = new Label(counters, SWT.NONE);
            GridDataFactory.fillDefaults().grab(true, false).applyTo(values[i]);
        }
        Label h = new Label(left, SWT.NONE);
        h.setText("Holders and carrier while open:");
        GridDataFactory.fillDefaults().indent(0, 4).applyTo(h);
        history = new Table(left, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        history.setHeaderVisible(true);
        TableColumn time = new TableColumn(history, SWT.LEFT);
        time.setText("Time");
        time.setWidth(70);
        TableColumn event = new TableColumn(history, SWT.LEFT);
        event.setText("Event");
        event.setWidth(400);
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 60).applyTo(history);

        chart = new ThroughputChart(parent);
        GridDataFactory.fillDefaults().grab(true, true).hint(360, 200).applyTo(chart);

        getSite().getPage().addPostSelectionListener(TapDevicesView.ID, selectionListener);
        getSite().getPage().addPartListener(visibility);
        ISelection current = getSite().getPage().getSelection(TapDevicesView.ID);
        selectionListener.selectionChanged(null, current);
    }

    /** Shows the tap named {@code name} from now on (history and chart start again). */
    public void show(String name) {
        if (name.equals(tap)) {
            return;
        }
        tap = name;
        lastStats = null;
        lastCarrier = null;
        lastHolders = null;
        lastIfindex = 0;
        chart.clear();
        history.removeAll();
        java.util.Arrays.fill(network, "");
        networkLine.setText("");
        header.setText(name);
        setPartName("Tap Status: " + name);
        announced = null;
        job.cancel();
        job.schedule();
    }

    /** The tap shown, or null. */
    public String tapName() {
        return tap;
    }

    /** The chart (tests). */
    public ThroughputChart chart() {
        return chart;
    }

    /** History lines "HH:mm:ss event" (tests). UI thread. */
    public List<String> historyLines() {
        List<String> out = new ArrayList<>();
        for (TableItem i : history.getItems()) {
            out.add(i.getText(0) + " " + i.getText(1));
        }
        return out;
    }

    /** A counter's shown value by its label, e.g. "RX packets:" (tests). UI thread. */
    public String counter(int index) {
        return values[index].getText();
    }

    /** A network field's shown value: 0 host, 1 guest, 2 bridge, 3 guest MAC (tests). UI thread. */
    public String network(int index) {
        return network[index];
    }

    /** The network line as shown (tests). UI thread. */
    public String networkLine() {
        return networkLine.getText();
    }

    @Override
    public void setFocus() {
        chart.setFocus();
    }

    /** Whether the shown tap's holders come from Tap Devices' kernel events (false: every sample reads them). */
    public boolean followsEvents() {
        return announced != null;
    }

    private void sampleSoon() {
        if (disposed) {
            return;
        }
        if (job.getState() == Job.SLEEPING) {
            job.wakeUp(0);
        } else {
            job.schedule();
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        job.cancel();
        getSite().getPage().removePartListener(visibility);
        getSite().getPage().removePostSelectionListener(TapDevicesView.ID, selectionListener);
        super.dispose();
    }

    private void apply(String name, Optional<TapInfo> info, TapException error, long nanos) {
        if (chart.isDisposed() || !name.equals(tap)) {
            return;
        }
        if (error != null) {
            header.setText(name + ": " + error.getMessage());
            header.setImage(null);
            return;
        }
        if (info.isEmpty()) {
            if (lastHolders == null || !lastHolders.equals("\0gone")) {
                event(name + " no longer exists");
                lastHolders = "\0gone";
            }
            header.setText(name + ": no longer exists");
            header.setImage(TapUiPlugin.image(Images.STATE_DOWN));
            return;
        }
        TapInfo i = info.get();
        if (lastIfindex != 0 && lastIfindex != i.ifindex()) {
            event(name + " was re-created (ifindex " + lastIfindex + " -> " + i.ifindex() + ")");
            lastStats = null;
        }
        lastIfindex = i.ifindex();
        boolean mine = TapUiPlugin.get().sessionLeases().holds(name);
        Rates r = lastStats == null ? Rates.NONE : Rates.between(lastStats, i.stats(), nanos - lastNanos);
        TapRow row = new TapRow(i, r, mine, TapUiPlugin.get().accountNames());
        header.setText(name + " - " + row.stateText() + (i.pool() != null ? " - pool " + i.pool() : "") + " - "
                + i.mac());
        header.setImage(TapUiPlugin.image(Images.of(row.state())));
        LinkStats s = i.stats();
        set(0, String.format("%,d", s.rxPackets()));
        set(1, String.format("%,d (%s)", s.rxBytes(), Rates.bytes(s.rxBytes())));
        set(2, String.format("%,d", s.txPackets()));
        set(3, String.format("%,d (%s)", s.txBytes(), Rates.bytes(s.txBytes())));
        set(4, Rates.format(r.rxBytes(), r.rxPackets()));
        set(5, Rates.format(r.txBytes(), r.txPackets()));
        set(6, row.linkText());
        set(7, Long.toString(i.carrierChanges()));
        TapNetwork n = i.network();
        network[0] = n.hostAddress() == null ? "none" : n.hostAddress() + "/" + n.prefix() + " (" + n.netmask() + ")";
        network[1] = n.guestAddress() == null ? "none" : n.guestAddress();
        network[2] = n.bridge() == null ? "none" : n.bridge();
        network[3] = n.guestMac() == null ? "-" : n.guestMac();
        String line = "Network: host " + network[0] + ", guest " + network[1] + ", bridge " + network[2]
                + ", guest MAC " + network[3];
        if (!line.equals(networkLine.getText())) {
            networkLine.setText(line);
            networkLine.getParent().layout(new org.eclipse.swt.widgets.Control[] { networkLine });
        }

        boolean carrierChanged = lastCarrier != null && lastCarrier != i.carrier();
        if (carrierChanged) {
            event("carrier " + (i.carrier() ? "up" : "down"));
        }
        lastCarrier = i.carrier();
        String holders = row.state() == TapRow.State.FREE ? "free" : row.stateText();
        if (!holders.equals(lastHolders)) {
            event(describeHolders(i, mine));
            lastHolders = holders;
        }
        if (lastStats != null) {
            chart.add(new ThroughputChart.Point2(System.currentTimeMillis(), r, carrierChanged));
        }
        lastStats = s;
        lastNanos = nanos;
        header.getParent().layout(new org.eclipse.swt.widgets.Control[] { header });
    }

    private static String describeHolders(TapInfo i, boolean mine) {
        if (!i.attached()) {
            return "free";
        }
        if (mine) {
            return "leased by this IDE";
        }
        if (i.holders().isEmpty()) {
            return "held by a process you cannot see";
        }
        StringBuilder b = new StringBuilder("held by ");
        for (Holder h : i.holders()) {
            b.append(h.describe()).append(": ").append(h.command()).append("  ");
        }
        return b.toString().trim();
    }

    private void set(int index, String text) {
        if (!text.equals(values[index].getText())) {
            values[index].setText(text);
            values[index].getParent().layout(new org.eclipse.swt.widgets.Control[] { values[index] });
        }
    }

    private void event(String text) {
        TableItem item = new TableItem(history, SWT.NONE, 0);
        item.setText(new String[] { LocalTime.now().format(TIME), text });
        history.setTopIndex(0); // newest first, in view
    }

    /**
     * Samples the shown tap off the UI thread: when Tap Devices announces a new state of it, and every second while
     * the view is visible. Holders come from that announcement; a sample looks them up itself only without one, or
     * when the tap is attached and the announcement does not say so yet.
     */
    private final class SampleJob extends Job {

        SampleJob() {
            super("Sampling tap counters");
            setSystem(true);
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            String name = tap;
            if (disposed || name == null) {
                return Status.CANCEL_STATUS;
            }
            Optional<TapInfo> info = Optional.empty();
            TapException error = null;
            try {
                TapService service = UiTapService.service();
                TapInfo known = announced;
                boolean knownHolders = known != null && known.name().equals(name) && known.holdersScanned();
                info = service.tap(name, !knownHolders);
                if (knownHolders && info.isPresent() && info.get().attached()) {
                    info = known.attached() ? Optional.of(info.get().withHolders(known.holders()))
                            : service.tap(name, true); // attached since the announcement: by whom, it does not say
                }
                info.ifPresent(t -> TapUiPlugin.get().accountNames().resolve(List.of(t)));
            } catch (TapException e) {
                error = e;
            }
            long nanos = System.nanoTime();
            Optional<TapInfo> i = info;
            TapException err = error;
            Display d = PlatformUI.getWorkbench().getDisplay();
            if (!d.isDisposed()) {
                d.asyncExec(() -> apply(name, i, err, nanos));
            }
            if (!disposed && visible && !monitor.isCanceled()) {
                schedule(SAMPLE_MILLIS);
            }
            return Status.OK_STATUS;
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == TapStatusView.class;
        }
    }
}
