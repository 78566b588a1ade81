package org.taplease.ui.internal.handlers;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.ui.PlatformUI;
import org.taplease.ui.internal.TapRow;

/** Copies one field of the selected taps, one line each. */
public final class Clipboards {

    /** Copies {@code field} of each row; returns the text copied (empty: nothing copied). */
    public static String copy(List<TapRow> rows, Function<TapRow, String> field) {
        String text = rows.stream().map(field).collect(Collectors.joining(System.lineSeparator()));
        if (text.isEmpty()) {
            return text;
        }
        Clipboard cb = new Clipboard(PlatformUI.getWorkbench().getDisplay());
        try {
            cb.setContents(new Object[] { text }, new Transfer[] { TextTransfer.getInstance() });
        } finally {
            cb.dispose();
        }
        return text;
    }

    private Clipboards() {
    }
}
