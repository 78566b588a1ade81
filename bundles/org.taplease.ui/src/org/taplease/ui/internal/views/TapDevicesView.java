package org.taplease.ui.internal.views;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.util.IPropertyChangeListener;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.ILazyContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CLabel;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.part.ViewPart;
import org.taplease.core.TapEvent;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapListener;
import org.taplease.core.TapNames;
import org.taplease.core.TapService;
import org.taplease.core.TapWatch;
import org.taplease.ui.TapViews;
import org.taplease.ui.internal.Images;
import org.taplease.ui.internal.RateTracker;
import org.taplease.ui.internal.Rates;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.TapUiPlugin;
import org.taplease.ui.internal.UiTapService;
import org.taplease.ui.internal.handlers.Clipboards;
import org.taplease.ui.internal.handlers.DeleteTapHandler;

/**
 * Window > Show View > Tap Devices: every tap of the IDE's network namespace with its state and holder.
 * <p>
 * The table is virtual (only visible rows are materialized), so thousands of taps stay smooth. The view follows the
 * kernel's events ({@link TapService#watch}) for its lifetime: one inventory when it opens, then each batch of events
 * changes the taps it names (holders looked up for a tap that just became attached, for that tap alone), and a system
 * {@link Job} builds the rows off the UI thread, one UI update per run: events arriving while it runs coalesce into
 * the next run. Nothing is read while nothing changes. Where the kernel offers no events (or the watch fails) the job
 * lists the taps every refresh interval (preference) instead. The selection goes to the Properties view and the
 * device-status view.
 */
public final class TapDevicesView extends ViewPart {

    public static final String ID = TapViews.TAP_DEVICES;
    /** Context active while the view is: its key bindings. */
    public static final String CONTEXT_ID = "org.taplease.ui.contexts.tapDevices";

    /** Columns: title, width, sort key, cell text (also what the tests read). */
    private record Column(String title, int width, Comparator<TapRow> order, Function<TapRow, String> text) {
    }

    private static final Comparator<TapRow> BY_NAME = (a, b) -> TapNames.compare(a.name(), b.name());

    static final String STATE = "State";
    static final String LINK = "Link";
    /** Title of the column with the tap's host address (and the guest's beside it, for a routed tap). */
    public static final String ADDRESSES = "Addresses";
    /** Title of the column with the bridge the tap is a port of. */
    public static final String BRIDGE = "Bridge";

    private static final List<Column> COLUMNS = List.of(
            new Column("Name", 110, BY_NAME, TapRow::name),
            new Column(STATE, 230, Comparator.comparing(TapRow::state).thenComparing(TapRow::stateText),
                    TapRow::stateText),
            new Column("Pool", 80, Comparator.comparing(TapRow::poolText), TapRow::poolText),
            new Column(ADDRESSES, 225, Comparator.comparingLong(TapRow::hostAddressOrder)
                    .thenComparing(TapRow::addressesText), TapRow::addressesText),
            new Column(BRIDGE, 125, Comparator.comparing(TapRow::bridgeText), TapRow::bridgeText),
            new Column("Persistent", 85, Comparator.comparing(r -> r.info().persistent()),
                    r -> r.info().persistent() ? "yes" : "no"),
            new Column("Owner / Group", 110, Comparator.comparing(TapRow::ownerText), TapRow::ownerText),
            new Column("MAC", 125, Comparator.comparing(r -> r.info().mac()), r -> r.info().mac()),
            new Column("MTU", 50, Comparator.comparingInt(r -> r.info().mtu()), r -> Integer.toString(r.info().mtu())),
            new Column(LINK, 95, Comparator.comparing(TapRow::linkText), TapRow::linkText),
            new Column("RX (from guest)", 140, Comparator.comparingDouble(r -> r.rates().rxBytes()),
                    r -> Rates.format(r.rates().rxBytes(), r.rates().rxPackets())),
            new Column("TX (to guest)", 140, Comparator.comparingDouble(r -> r.rates().txBytes()),
                    r -> Rates.format(r.rates().txBytes(), r.rates().txPackets())));

    private TapTableViewer viewer;
    private Text filter;
    private CLabel problem;
    private SetupHint hint;
    private Composite top;

    private List<TapRow> all = List.of();
    private TapRow[] shown = new TapRow[0];
    private int sortColumn = 0;
    private int sortDirection = SWT.UP;
    private String filterText = "";

    private String updated = "";

    private final RateTracker rates = new RateTracker();
    private final RefreshJob job = new RefreshJob();
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong eventBatches = new AtomicLong();
    private volatile boolean disposed;
    private volatile TapException lastError;
    /** Tests: runs on the UI thread after each update of the rows. */
    private volatile Runnable afterUpdate;
    /** Tests: System.nanoTime() of the last event batch received, job start, rows posted, update started. */
    private final long[] marks = new long[4];

    /**
     * How long the job waits after an event before it runs: not at all. Events that arrive while it runs coalesce into
     * its next run; a delay, even of 5 ms, puts the job among the job manager's sleeping jobs, which it wakes about
     * 50 ms late (measured: event to job start, median 55 ms with 5 ms, see docs/benchmarks.md).
     */
    static final long COALESCE_MILLIS = 0;
    /**
     * When, after an attach, the holders of a tap still attached are looked up again (ms): a launcher that hands the
     * descriptor on, or a holder not yet visible in {@code /proc}, shows as the process that keeps the tap.
     */
    static final long[] RECHECK_MILLIS = { 150, 1000, 3000 };
    /** Events from the watch not yet applied, in kernel order: the watch's thread adds, the job takes. */
    private final List<TapEvent> pending = new ArrayList<>();
    private volatile TapWatch watch;
    /** The watch is not available (the kernel offers no events, or it failed): list every refresh interval. */
    private volatile boolean polling;
    /** The next run lists every tap (the first run, F5, after a failed watch). */
    private volatile boolean inventoryWanted = true;
    private final TapListener listener = new TapListener() {
        @Override
        public void tapsChanged(List<TapEvent> events) {
            synchronized (pending) {
                pending.addAll(events);
            }
            marks[0] = System.nanoTime();
            eventBatches.incrementAndGet();
            runSoon(COALESCE_MILLIS);
        }

        @Override
        public void failed(TapException error) {
            TapUiPlugin.get().getLog().log(Status.warning("Tap Devices: kernel events stopped, listing every "
                    + TapPreferences.refreshMillis() + " ms instead: " + error.getMessage(), error));
            polling = true;
            inventoryWanted = true;
            runSoon(50);
        }
    };
    private final Runnable leasesChanged = () -> runSoon(0);
    private final IPropertyChangeListener prefsChanged = e -> {
        if (TapPreferences.REFRESH_MILLIS.equals(e.getProperty()) && polling) {
            requestRefresh();
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        top = parent;
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);

        filter = new Text(parent, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL);
        filter.setMessage("Filter by name, state, pool, address, bridge, MAC, owner or holder");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(filter);
        filter.addModifyListener(e -> {
            String text = filter.getText();
            // debounce typing: apply when the user paused for 150 ms
            filter.getDisplay().timerExec(150, () -> {
                if (!filter.isDisposed() && filter.getText().equals(text)) {
                    filterText = text.trim().toLowerCase(Locale.ROOT);
                    recompute();
                }
            });
        });

        problem = new CLabel(parent, SWT.NONE);
        problem.setImage(PlatformUI.getWorkbench().getSharedImages().getImage(ISharedImages.IMG_OBJS_ERROR_TSK));
        GridDataFactory.fillDefaults().grab(true, false).exclude(true).applyTo(problem);
        problem.setVisible(false);
        hint = new SetupHint(parent);

        viewer = new TapTableViewer(parent, SWT.VIRTUAL | SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
        viewer.setUseHashlookup(true);
        ColumnViewerToolTipSupport.enableFor(viewer);
        viewer.setContentProvider(new ILazyContentProvider() {
            @Override
            public void updateElement(int index) {
                if (index < shown.length) {
                    viewer.replace(shown[index], index);
                }
            }

            @Override
            public void inputChanged(Viewer v, Object oldInput, Object newInput) {
            }
        });
        for (int i = 0; i < COLUMNS.size(); i++) {
            createColumn(i);
        }
        table.setSortColumn(table.getColumn(sortColumn));
        table.setSortDirection(sortDirection);
        viewer.setInput(this);
        viewer.setItemCount(0);
        viewer.addDoubleClickListener(e -> showStatusView());

        getSite().setSelectionProvider(viewer);
        MenuManager menu = new MenuManager("#PopupMenu", ID);
        menu.add(new GroupMarker("lease"));
        menu.add(new Separator("edit"));
        menu.add(new Separator("manage"));
        menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
        Menu m = menu.createContextMenu(table);
        table.setMenu(m);
        getSite().registerContextMenu(ID, menu, viewer);

        IHandlerService handlers = getSite().getService(IHandlerService.class);
        handlers.activateHandler(IWorkbenchCommandConstants.EDIT_COPY, new AbstractHandler() {
            @Override
            public Object execute(ExecutionEvent event) {
                Clipboards.copy(selected(), r -> r.name());
                return null;
            }
        });
        handlers.activateHandler(IWorkbenchCommandConstants.FILE_REFRESH, new AbstractHandler() {
            @Override
            public Object execute(ExecutionEvent event) {
                requestRefresh();
                return null;
            }
        });
        handlers.activateHandler(IWorkbenchCommandConstants.EDIT_DELETE, new DeleteTapHandler());
        getSite().getService(IContextService.class).activateContext(CONTEXT_ID);

        TapUiPlugin.get().sessionLeases().addListener(leasesChanged);
        TapPreferences.store().addPropertyChangeListener(prefsChanged);
        setContentDescription("Reading taps...");
        job.schedule();
    }

    /**
     * The longest usual State text: a QEMU holder with a 7-digit pid on a tap that is down. The State column is at least
     * as wide as this text, its icon and the cell's margins in the table's font.
     */
    public static final String WIDEST_STATE = "held by qemu-system-x86_64 (pid 1234567), down";
    /** Room for the state icon (16 px) and the cell's margins and the icon's gap on GTK. */
    private static final int STATE_ICON_AND_MARGINS = 16 + 32;

    private void createColumn(int index) {
        Column c = COLUMNS.get(index);
        TableViewerColumn vc = new TableViewerColumn(viewer, SWT.LEFT);
        TableColumn tc = vc.getColumn();
        tc.setText(c.title());
        tc.setWidth(c.title().equals(STATE) ? Math.max(c.width(), textWidth(viewer.getTable(), WIDEST_STATE)
                + STATE_ICON_AND_MARGINS) : c.width());
        tc.setMoveable(true);
        vc.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text((TapRow) element, index);
            }

            @Override
            public Image getImage(Object element) {
                if (!c.title().equals(STATE)) {
                    return null;
                }
                return TapUiPlugin.image(Images.of(((TapRow) element).state()));
            }

            @Override
            public Color getForeground(Object element) {
                TapRow r = (TapRow) element;
                if (c.title().equals(LINK) && !r.info().adminUp() || r.state() == TapRow.State.UNLEASABLE) {
                    return viewer.getTable().getDisplay().getSystemColor(SWT.COLOR_WIDGET_DISABLED_FOREGROUND);
                }
                return null;
            }

            @Override
            public String getToolTipText(Object element) {
                return ((TapRow) element).toolTip();
            }
        });
        tc.addListener(SWT.Selection, e -> {
            Table table = viewer.getTable();
            if (sortColumn == index) {
                sortDirection = sortDirection == SWT.UP ? SWT.DOWN : SWT.UP;
            } else {
                sortColumn = index;
                sortDirection = SWT.UP;
            }
            table.setSortColumn(tc);
            table.setSortDirection(sortDirection);
            recompute();
        });
    }

    /** The width of {@code text} in {@code table}'s font. */
    private static int textWidth(Table table, String text) {
        GC gc = new GC(table);
        try {
            gc.setFont(table.getFont());
            return gc.textExtent(text).x;
        } finally {
            gc.dispose();
        }
    }

    /** The text of a cell (also what the tests read). */
    public static String text(TapRow r, int column) {
        return column >= 0 && column < COLUMNS.size() ? COLUMNS.get(column).text().apply(r) : "";
    }

    /** The index of the column titled {@code title} in the model (tests; columns may be moved on screen). */
    public static int column(String title) {
        for (int i = 0; i < COLUMNS.size(); i++) {
            if (COLUMNS.get(i).title().equals(title)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + title);
    }

    @Override
    public void setFocus() {
        viewer.getTable().setFocus();
    }

    @Override
    public void dispose() {
        disposed = true;
        job.cancel();
        TapWatch w = watch;
        if (w != null) {
            w.close();
        }
        TapUiPlugin.get().sessionLeases().removeListener(leasesChanged);
        TapPreferences.store().removePropertyChangeListener(prefsChanged);
        super.dispose();
    }

    /** Asks for an inventory soon (F5); requests while one is pending or running coalesce into one more run. */
    public void requestRefresh() {
        inventoryWanted = true;
        runSoon(50);
    }

    /** Runs the job after {@code delay} ms, or once more after the current run. */
    private void runSoon(long delay) {
        if (disposed) {
            return;
        }
        if (job.getState() == Job.SLEEPING) {
            job.wakeUp(delay);
        } else {
            job.schedule(delay);
        }
    }

    /** The rows of the current selection. */
    public List<TapRow> selected() {
        List<TapRow> out = new ArrayList<>();
        for (Object o : viewer.getStructuredSelection()) {
            if (o instanceof TapRow r) {
                out.add(r);
            }
        }
        return out;
    }

    /** Selects the tap named {@code name} if it is shown (tests, links from other views). */
    public boolean select(String name) {
        for (int i = 0; i < shown.length; i++) {
            if (shown[i].name().equals(name)) {
                Table t = viewer.getTable();
                t.setSelection(i);
                t.showSelection();
                viewer.announce(List.of(shown[i]));
                return true;
            }
        }
        return false;
    }

    /** The rows shown, in table order (filtered and sorted). UI thread. */
    public List<TapRow> shownRows() {
        return List.of(shown);
    }

    /** Number of inventory refreshes so far. */
    public long refreshCount() {
        return refreshes.get();
    }

    /** Number of batches of kernel events received so far. */
    public long eventBatchCount() {
        return eventBatches.get();
    }

    /** Whether the view follows kernel events (false: it lists every refresh interval). */
    public boolean followsEvents() {
        return watch != null && !polling;
    }

    /** Tests: {@code r} runs on the UI thread after each update of the rows (null: none). */
    public void afterUpdate(Runnable r) {
        afterUpdate = r;
    }

    /** The last refresh's error, or null. */
    public TapException lastError() {
        return lastError;
    }

    /** The table widget (tests). */
    public Table table() {
        return viewer.getTable();
    }

    /**
     * The text the table shows for tap {@code name} in the column titled {@code columnTitle}, or null if no row shows
     * that tap (tests). UI thread.
     */
    public String cell(String name, String columnTitle) {
        Table t = viewer.getTable();
        int c = column(columnTitle);
        for (int i = 0; i < t.getItemCount(); i++) {
            if (name.equals(t.getItem(i).getText(0))) {
                return t.getItem(i).getText(c);
            }
        }
        return null;
    }

    /** Whether the view shows the first-pool hint and the Check setup link (no taps; tests). UI thread. */
    public boolean setupHintShown() {
        return hint.visible();
    }

    /** The Check setup link of the hint (tests). */
    public org.eclipse.swt.widgets.Link checkSetupLink() {
        return hint.link();
    }

    /** The filter field (tests). */
    public Text filterField() {
        return filter;
    }

    private void showStatusView() {
        try {
            getSite().getPage().showView(TapStatusView.ID);
        } catch (PartInitException e) {
            TapUiPlugin.get().getLog().log(e.getStatus());
        }
    }

    /**
     * Tests: when the last update's steps happened (System.nanoTime()): the last event batch received, the job's start,
     * the rows handed to the UI thread, the UI thread's update started.
     */
    public long[] updateMarks() {
        return marks.clone();
    }

    /** Called on the UI thread with a refresh's result. */
    private void apply(List<TapRow> rows, TapException error, String how) {
        marks[3] = System.nanoTime();
        if (viewer == null || viewer.getTable().isDisposed()) {
            return;
        }
        lastError = error;
        boolean showProblem = error != null;
        if (showProblem) {
            problem.setText("Cannot list taps: " + error.getMessage());
            problem.setToolTipText(error.getMessage());
        }
        if (problem.getVisible() != showProblem) {
            problem.setVisible(showProblem);
            ((org.eclipse.swt.layout.GridData) problem.getLayoutData()).exclude = !showProblem;
            top.layout(true, true);
        }
        if (hint.show(rows != null ? rows.isEmpty() : hint.visible() && !showProblem)) {
            top.layout(true, true);
        }
        if (rows != null) {
            all = rows;
            updated = how;
            recompute();
        }
        Runnable r = afterUpdate;
        if (r != null) {
            r.run();
        }
    }

    /** Filters and sorts {@link #all} into the table, keeping the selection by name. */
    private void recompute() {
        Table table = viewer.getTable();
        Set<String> selectedNames = new HashSet<>();
        List<TapRow> before = selected();
        before.forEach(r -> selectedNames.add(r.name()));

        List<TapRow> list = new ArrayList<>(all.size());
        for (TapRow r : all) {
            if (r.matches(filterText)) {
                list.add(r);
            }
        }
        Comparator<TapRow> order = COLUMNS.get(sortColumn).order().thenComparing(BY_NAME);
        list.sort(sortDirection == SWT.UP ? order : order.reversed());
        shown = list.toArray(TapRow[]::new);

        table.setRedraw(false);
        try {
            viewer.setItemCount(shown.length);
            viewer.refresh();
            List<Integer> indices = new ArrayList<>();
            List<TapRow> now = new ArrayList<>();
            for (int i = 0; i < shown.length && indices.size() < selectedNames.size(); i++) {
                if (selectedNames.contains(shown[i].name())) {
                    indices.add(i);
                    now.add(shown[i]);
                }
            }
            table.setSelection(indices.stream().mapToInt(Integer::intValue).toArray());
            if (!sameInfo(before, now)) {
                // new counters or state for the selected taps: Properties and device status follow
                viewer.announce(now);
            }
        } finally {
            table.setRedraw(true);
        }
        updateDescription();
    }

    private static boolean sameInfo(List<TapRow> a, List<TapRow> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).info().equals(b.get(i).info()) || a.get(i).mine() != b.get(i).mine()) {
                return false;
            }
        }
        return true;
    }

    private void updateDescription() {
        int free = 0;
        int held = 0;
        int mine = 0;
        for (TapRow r : all) {
            switch (r.state()) {
                case FREE, LEAKED -> free++;
                case HELD -> held++;
                case MINE -> mine++;
                default -> {
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(all.size()).append(all.size() == 1 ? " tap: " : " taps: ").append(free).append(" free, ")
                .append(held + mine).append(" held");
        if (mine > 0) {
            b.append(" (").append(mine).append(" by this IDE)");
        }
        if (shown.length != all.size()) {
            b.append(" - showing ").append(shown.length);
        }
        b.append(" - ").append(updated);
        setContentDescription(b.toString());
    }

    /**
     * Off the UI thread: opens the watch on its first run, lists the taps when asked to (first run, F5, polling),
     * applies the events received since the last run, builds the rows and hands them to the UI thread in one update.
     * Polling (no events), it runs again after the refresh interval.
     */
    private final class RefreshJob extends Job {

        /** The taps as last known, by ifindex, with their holders (attached taps only). The job's alone. */
        private final Map<Integer, TapInfo> taps = new HashMap<>();
        /**
         * Attached taps whose holders are looked up again a little later (ifindex to the next look's index in
         * {@link #RECHECK_MILLIS}). The process that attached a tap is often not the one that keeps it: a launch leases
         * it and hands the descriptor to the emulator, a shell starts the program that holds it, and no kernel event
         * says when the descriptor moved. Only attached taps, only a few times, so nothing runs while nothing changes.
         */
        private final Map<Integer, Integer> rechecks = new HashMap<>();
        /** When each of {@link #rechecks} is due, System.nanoTime(). */
        private final Map<Integer, Long> recheckDue = new HashMap<>();

        RefreshJob() {
            super("Refreshing tap devices");
            setSystem(true);
        }

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            if (disposed) {
                return Status.CANCEL_STATUS;
            }
            long t0 = System.nanoTime();
            marks[1] = t0;
            List<TapRow> rows = null;
            TapException error = null;
            String how = null;
            try {
                TapService service = UiTapService.service();
                if (watch == null && !polling) {
                    watch(service);
                }
                boolean listed = false;
                if (inventoryWanted || polling) {
                    inventoryWanted = false;
                    List<TapInfo> inventory = service.inventory(true);
                    refreshes.incrementAndGet();
                    taps.clear();
                    inventory.forEach(t -> taps.put(t.ifindex(), t));
                    listed = true;
                }
                List<TapEvent> events;
                synchronized (pending) {
                    events = new ArrayList<>(pending);
                    pending.clear();
                }
                events.forEach(this::applyEvent);
                if (!polling) {
                    recheckHolders(service, listed);
                }
                Set<String> mine = TapUiPlugin.get().sessionLeases().names();
                List<TapInfo> now = new ArrayList<>(taps.values());
                if (polling) {
                    rows = rates.rows(now, mine, System.nanoTime(), TapUiPlugin.get().accountNames());
                } else {
                    // rates need counters sampled at intervals: with events nothing is sampled (Tap Status does)
                    TapUiPlugin.get().accountNames().resolve(now);
                    rows = new ArrayList<>(now.size());
                    for (TapInfo t : now) {
                        rows.add(new TapRow(t, Rates.NONE, mine.contains(t.name()), TapUiPlugin.get().accountNames()));
                    }
                }
                String time = LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
                how = listed ? "listed at " + time + " in " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                        + (polling ? "" : ", then following kernel events") : "updated at " + time + " from kernel events";
            } catch (TapException e) {
                error = e;
            } catch (RuntimeException e) {
                // a bug, but the events taken are lost with this run: list again, later, and say so
                TapUiPlugin.get().getLog().log(Status.error("Tap Devices: updating from kernel events failed; listing"
                        + " the taps again", e));
                inventoryWanted = true;
                if (!disposed) {
                    schedule(TapPreferences.refreshMillis());
                }
                return Status.OK_STATUS;
            }
            List<TapRow> r = rows;
            TapException err = error;
            String h = how;
            Display d = PlatformUI.getWorkbench().getDisplay();
            marks[2] = System.nanoTime();
            if (!d.isDisposed()) {
                d.asyncExec(() -> apply(r, err, h));
            }
            if (polling && !disposed && !monitor.isCanceled()) {
                schedule(TapPreferences.refreshMillis());
            } else if (!recheckDue.isEmpty() && !disposed && !monitor.isCanceled()) {
                long next = recheckDue.values().stream().mapToLong(Long::longValue).min().getAsLong();
                schedule(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
            return Status.OK_STATUS;
        }

        /** Looks up again the holders of the attached taps whose recheck is due ({@link #rechecks}). */
        private void recheckHolders(TapService service, boolean listed) {
            if (listed) {
                rechecks.clear(); // the listing just looked every holder up
                recheckDue.clear();
                return;
            }
            long now = System.nanoTime();
            for (Integer index : new ArrayList<>(recheckDue.keySet())) {
                if (recheckDue.get(index) - now > 0) {
                    continue;
                }
                TapInfo known = taps.get(index);
                if (known == null || !known.attached()) {
                    forgetRecheck(index);
                    continue;
                }
                service.tap(known.name(), true).filter(t -> t.ifindex() == index.intValue() && t.attached())
                        .ifPresent(t -> taps.put(index, t));
                int step = rechecks.get(index) + 1;
                if (step >= RECHECK_MILLIS.length) {
                    forgetRecheck(index);
                } else {
                    rechecks.put(index, step);
                    recheckDue.put(index, now + (RECHECK_MILLIS[step] - RECHECK_MILLIS[step - 1]) * 1_000_000);
                }
            }
        }

        private void recheck(int index) {
            rechecks.put(index, 0);
            recheckDue.put(index, System.nanoTime() + RECHECK_MILLIS[0] * 1_000_000);
        }

        private void forgetRecheck(int index) {
            rechecks.remove(index);
            recheckDue.remove(index);
        }

        /** Subscribes to the kernel's events; without them, polls. */
        private void watch(TapService service) {
            try {
                TapWatch w = service.watch(listener);
                if (disposed) {
                    w.close();
                    return;
                }
                watch = w;
                inventoryWanted = true; // once, with holders: the watch's own listing has none
            } catch (TapException e) {
                polling = true;
                TapUiPlugin.get().getLog().log(Status.info("Tap Devices: no kernel events here, listing every "
                        + TapPreferences.refreshMillis() + " ms instead: " + e.getMessage()));
            }
        }

        /** Applies one event to {@link #taps}: holders are looked up for a tap that just became attached alone. */
        private void applyEvent(TapEvent e) {
            TapInfo t = e.tap();
            TapInfo before = taps.get(t.ifindex());
            switch (e.kind()) {
                case REMOVED -> {
                    taps.remove(t.ifindex());
                    forgetRecheck(t.ifindex());
                }
                case ADDED, ATTACHED -> {
                    taps.put(t.ifindex(), t.attached() ? e.tapWithHolders() : t);
                    if (t.attached()) {
                        recheck(t.ifindex());
                    }
                }
                case DETACHED -> {
                    taps.put(t.ifindex(), t);
                    forgetRecheck(t.ifindex());
                }
                case CHANGED -> taps.put(t.ifindex(), !t.attached() ? t
                        : before != null && before.attached() && before.holdersScanned()
                                ? t.withHolders(before.holders()) : e.tapWithHolders());
            }
        }

        @Override
        public boolean belongsTo(Object family) {
            return family == TapDevicesView.class;
        }
    }

    /** A table viewer that can announce a selection it set on the widget itself (virtual: no lookup). */
    private static final class TapTableViewer extends TableViewer {
        TapTableViewer(Composite parent, int style) {
            super(parent, style);
        }

        void announce(List<TapRow> rows) {
            SelectionChangedEvent e = new SelectionChangedEvent(this, new StructuredSelection(rows));
            fireSelectionChanged(e);
            firePostSelectionChanged(e);
        }
    }
}
