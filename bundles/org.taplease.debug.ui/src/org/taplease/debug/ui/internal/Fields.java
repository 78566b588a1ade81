package org.taplease.debug.ui.internal;

import java.io.File;
import java.util.TreeSet;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.taplease.debug.core.LaunchInputs;

/** Small helpers shared by the tabs: labelled fields, file browsing, validation with the delegates' own rules (LaunchInputs). */
final class Fields {

    static Label label(Composite c, String text) {
        Label l = new Label(c, SWT.NONE);
        l.setText(text);
        return l;
    }

    /** A text field spanning one column, with an optional Browse... button that picks a file. */
    static Text fileField(Composite c, String label, Runnable changed, boolean browse) {
        label(c, label);
        Text t = new Text(c, SWT.BORDER);
        // a long path must not widen the tab beyond the dialog (its Browse button would be cut off): the field grows
        // with the dialog instead
        GridDataFactory.fillDefaults().grab(true, false).span(browse ? 1 : 2, 1).hint(200, SWT.DEFAULT).applyTo(t);
        t.addModifyListener(e -> changed.run());
        if (browse) {
            Button b = new Button(c, SWT.PUSH);
            b.setText("Browse...");
            b.addListener(SWT.Selection, e -> {
                FileDialog d = new FileDialog(c.getShell(), SWT.OPEN);
                d.setText(label.replace("&", "").replace(":", ""));
                if (!t.getText().isBlank()) {
                    d.setFileName(t.getText());
                }
                String f = d.open();
                if (f != null) {
                    t.setText(f);
                }
            });
        }
        return t;
    }

    /** The delegate's verdict on a program, or null if it is fine. */
    static String programProblem(String what, String program) {
        try {
            LaunchInputs.requireProgram(what, LaunchInputs.substitute(program));
            return null;
        } catch (CoreException e) {
            return e.getStatus().getMessage();
        }
    }

    /** The delegate's verdict on an optional file, or null if it is fine or empty. */
    static String fileProblem(String what, String path) {
        if (path.isBlank()) {
            return null;
        }
        try {
            LaunchInputs.requireFile(what, LaunchInputs.substitute(path.trim()));
            return null;
        } catch (CoreException e) {
            return e.getStatus().getMessage();
        }
    }

    /** The qemu-system-* programs on PATH, by name. */
    static TreeSet<String> qemusOnPath() {
        TreeSet<String> out = new TreeSet<>();
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File[] files = new File(dir.isEmpty() ? "." : dir).listFiles(
                    (d, n) -> n.startsWith("qemu-system-") && new File(d, n).canExecute());
            if (files != null) {
                for (File f : files) {
                    out.add(f.getName());
                }
            }
        }
        return out;
    }

    private Fields() {
    }
}
