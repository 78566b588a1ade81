package org.taplease.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jdt.annotation.NonNull;
import org.eclipse.jdt.annotation.NonNullByDefault;
import org.eclipse.jdt.annotation.Nullable;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolInfo;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.ui.internal.AccountNames;
import org.taplease.ui.internal.Images;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.TapUiPlugin;
import org.taplease.ui.internal.UiTapService;

/**
 * Lets the user choose which tap to lease and returns a {@link LeaseRequest}, not a name: "any free tap of pool P"
 * (preferring the selected one, creating one if allowed and none is free) or "exactly this tap". The request is leased
 * later (for example when a launch starts), so a tap taken in between is replaced by another free one of the pool.
 * <p>
 * The list shows the free taps of the current network namespace, read off the UI thread; a pool filter narrows it.
 * <p>
 * Null analysis: the body is JFace code (widgets created in {@link #createDialogArea}, overrides of unannotated
 * JFace methods), so the package's non-null default is off here and the public methods say their nullness
 * explicitly.
 */
@NonNullByDefault({})
public final class FreeTapPickerDialog extends TitleAreaDialog {

    private static final String ALL_POOLS = "All pools";
    private static final String NO_POOL = "Taps in no pool";

    private String initialPool;
    private boolean choosePool; // no pool given and none in the preferences: the one with the most free taps
    private String initialTap;
    private boolean initialCreate;

    private Combo poolCombo;
    private TableViewer table;
    private Button anyOfPool;
    private Button exactly;
    private Button create;
    private Label status;
    private List<TapInfo> free = List.of();
    private LeaseRequest result;

    public FreeTapPickerDialog(@NonNull Shell parent) {
        super(parent);
        initialPool = TapPreferences.poolChosen() ? TapPreferences.pool() : null;
        choosePool = initialPool == null;
        initialCreate = TapPreferences.allowCreate();
    }

    /**
     * Starts with this pool selected (null: all pools). Without this call it starts on the default pool of the
     * preferences if the user set one, else on the pool with the most free taps.
     */
    public @NonNull FreeTapPickerDialog initialPool(@Nullable String pool) {
        this.initialPool = pool;
        this.choosePool = false;
        return this;
    }

    /** Starts with this tap selected, if it is free (e.g. the tap a launch used last); null: the first. */
    public @NonNull FreeTapPickerDialog initialTap(@Nullable String tap) {
        this.initialTap = tap;
        return this;
    }

    /** Starts with "create a new one" checked or not. */
    public @NonNull FreeTapPickerDialog initialCreate(boolean on) {
        this.initialCreate = on;
        return this;
    }

    /** The request the user chose, or null if cancelled. */
    public @Nullable LeaseRequest request() {
        return result;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Select a Free Tap");
        shell.setImage(TapUiPlugin.image(Images.PICK));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        setTitle("Select a free tap");
        setMessage("Choose a pool (any free tap of it) or one exact tap.");
        Composite c = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).applyTo(c);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(c);

        new Label(c, SWT.NONE).setText("&Pool:");
        poolCombo = new Combo(c, SWT.READ_ONLY);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(poolCombo);
        poolCombo.addListener(SWT.Selection, e -> filter());

        table = new TableViewer(c, SWT.VIRTUAL | SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER);
        Table t = table.getTable();
        t.setHeaderVisible(true);
        t.setLinesVisible(true);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, true).hint(520, 220).applyTo(t);
        table.setContentProvider(ArrayContentProvider.getInstance());
        column("Name", 120, i -> i.name(), true);
        column("Pool", 90, i -> i.pool() == null ? "" : i.pool(), false);
        column("Owner / Group", 130, i -> i.owner() == null && i.group() == null ? "-"
                : names().user(i.owner()) + " / " + names().group(i.group()), false);
        column("MAC", 140, TapInfo::mac, false);
        table.addSelectionChangedListener(e -> validate());
        table.addDoubleClickListener(e -> {
            if (getButton(IDialogConstants.OK_ID).isEnabled()) {
                okPressed();
            }
        });

        anyOfPool = new Button(c, SWT.RADIO);
        anyOfPool.setText("&Any free tap of the pool (preferring the selected one)");
        GridDataFactory.fillDefaults().span(2, 1).applyTo(anyOfPool);
        exactly = new Button(c, SWT.RADIO);
        exactly.setText("&Exactly the selected tap");
        GridDataFactory.fillDefaults().span(2, 1).applyTo(exactly);
        create = new Button(c, SWT.CHECK);
        create.setText("C&reate a new tap in the pool when none is free (needs CAP_NET_ADMIN)");
        create.setSelection(initialCreate);
        GridDataFactory.fillDefaults().span(2, 1).indent(0, 6).applyTo(create);
        anyOfPool.setSelection(true);
        anyOfPool.addListener(SWT.Selection, e -> validate());
        exactly.addListener(SWT.Selection, e -> validate());
        create.addListener(SWT.Selection, e -> validate());

        status = new Label(c, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).hint(520, SWT.DEFAULT).applyTo(status);
        status.setText("Reading taps...");
        load();
        return area;
    }

    private void column(String title, int width, java.util.function.Function<TapInfo, String> text, boolean icon) {
        TableViewerColumn col = new TableViewerColumn(table, SWT.LEFT);
        col.getColumn().setText(title);
        col.getColumn().setWidth(width);
        col.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((TapInfo) element);
            }

            @Override
            public Image getImage(Object element) {
                return icon ? TapUiPlugin.image(Images.STATE_FREE) : null;
            }
        });
    }

    private static AccountNames names() {
        return TapUiPlugin.get().accountNames();
    }

    /** Reads the free taps in a job; fills the dialog on the UI thread. */
    private void load() {
        Job.create("Reading free taps", monitor -> {
            List<TapInfo> taps = null;
            TapException error = null;
            try {
                taps = UiTapService.service().inventory(false).stream()
                        .filter(i -> i.free() && !i.multiQueue()).toList();
                names().resolve(taps); // here, so that the labels only read names
            } catch (TapException e) {
                error = e;
            }
            List<TapInfo> t = taps;
            TapException err = error;
            if (getShell() != null && !getShell().isDisposed()) {
                getShell().getDisplay().asyncExec(() -> loaded(t, err));
            }
        }).schedule();
    }

    private void loaded(List<TapInfo> taps, TapException error) {
        if (poolCombo == null || poolCombo.isDisposed()) {
            return;
        }
        if (error != null) {
            setErrorMessage(error.getMessage());
            free = List.of();
        } else {
            free = taps;
        }
        TreeSet<String> pools = new TreeSet<>();
        boolean noPool = false;
        for (TapInfo i : free) {
            if (i.pool() != null) {
                pools.add(i.pool());
            } else {
                noPool = true;
            }
        }
        if (choosePool) {
            initialPool = free.stream().anyMatch(i -> i.pool() != null)
                    ? TapPreferences.likeliestPool(freeByPool(null).entrySet().stream()
                            .map(e -> new PoolInfo(e.getKey(), List.of(), e.getValue(), null, null)).toList())
                    : TapPreferences.pool();
        }
        if (initialPool != null) {
            pools.add(initialPool);
        }
        poolCombo.add(ALL_POOLS);
        pools.forEach(poolCombo::add);
        if (noPool) {
            poolCombo.add(NO_POOL);
        }
        poolCombo.setText(initialPool != null ? initialPool : ALL_POOLS);
        filter();
        if (initialTap != null) {
            free.stream().filter(i -> i.name().equals(initialTap)).findFirst()
                    .ifPresent(i -> table.setSelection(new StructuredSelection(i), true));
        }
        if (table.getStructuredSelection().isEmpty() && table.getTable().getItemCount() > 0) {
            table.getTable().setSelection(0);
        }
        validate();
    }

    /** How many free taps each pool has, but {@code except}, most first (by name on a tie). */
    private Map<String, Integer> freeByPool(String except) {
        Map<String, Integer> counts = new TreeMap<>();
        for (TapInfo i : free) {
            if (i.pool() != null && !i.pool().equals(except)) {
                counts.merge(i.pool(), 1, Integer::sum);
            }
        }
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** "No free tap in pool X." and where free taps are: other pools, taps in no pool. */
    private String emptyState() {
        String p = poolCombo.getText();
        boolean ofPool = !ALL_POOLS.equals(p) && !NO_POOL.equals(p) && !p.isEmpty();
        StringBuilder b = new StringBuilder(ofPool ? "No free tap in pool " + p + "." : "No free tap here.");
        List<String> elsewhere = new ArrayList<>();
        freeByPool(ofPool ? p : null).forEach((pool, n) -> elsewhere.add(pool + " (" + n + " free)"));
        long inNoPool = NO_POOL.equals(p) ? 0 : free.stream().filter(i -> i.pool() == null).count();
        if (inNoPool > 0) {
            elsewhere.add("taps in no pool (" + inNoPool + " free)");
        }
        if (!elsewhere.isEmpty()) {
            b.append(" Free taps are in: ").append(String.join(", ", elsewhere))
                    .append(". Choose one above, check \"Create a new tap\" or provision a pool (Tap Devices view).");
        } else {
            b.append(" Check \"Create a new tap\" or provision a pool (Tap Devices view).");
        }
        return b.toString();
    }

    private String chosenPool() {
        String p = poolCombo.getText();
        return ALL_POOLS.equals(p) || NO_POOL.equals(p) || p.isEmpty() ? null : p;
    }

    private void filter() {
        String p = poolCombo.getText();
        List<TapInfo> shown = new ArrayList<>();
        for (TapInfo i : free) {
            if (ALL_POOLS.equals(p) || NO_POOL.equals(p) && i.pool() == null || p.equals(i.pool())) {
                shown.add(i);
            }
        }
        table.setInput(shown);
        validate();
    }

    private TapInfo selectedTap() {
        IStructuredSelection s = table.getStructuredSelection();
        return s.getFirstElement() instanceof TapInfo i ? i : null;
    }

    private void validate() {
        if (anyOfPool == null || anyOfPool.isDisposed()) {
            return;
        }
        TapInfo tap = selectedTap();
        String pool = chosenPool() != null ? chosenPool() : tap != null ? tap.pool() : null;
        create.setEnabled(anyOfPool.getSelection());
        LeaseRequest r = null;
        String problem = null;
        if (exactly.getSelection()) {
            if (tap == null) {
                problem = "Select the tap to lease.";
            } else {
                r = LeaseRequest.named(tap.name());
            }
        } else if (pool == null) {
            problem = "Choose a pool (or select a tap of a pool), or lease exactly the selected tap.";
        } else {
            r = LeaseRequest.fromPool(pool).withTemplate(TapPreferences.template()).withCreate(create.getSelection());
            if (tap != null && pool.equals(tap.pool())) {
                r = r.withPreferred(tap.name());
            }
        }
        int shown = table.getTable().getItemCount();
        status.setText(shown == 0 ? (create.getSelection() && anyOfPool.getSelection()
                ? "No free tap: the lease will create one." : emptyState())
                : shown + (shown == 1 ? " free tap" : " free taps"));
        status.getParent().layout();
        result = r;
        if (getErrorMessage() == null || problem != null) {
            setErrorMessage(problem);
        }
        if (r != null) {
            setMessage("Will lease " + r + (r.allowCreate() ? ", creating one if none is free" : "") + ".");
        }
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(r != null);
        }
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText("&Select");
        getButton(IDialogConstants.OK_ID).setEnabled(false);
    }

    @Override
    protected void okPressed() {
        if (result != null) {
            super.okPressed();
        }
    }

    @Override
    protected void cancelPressed() {
        result = null;
        super.cancelPressed();
    }
}
