package org.taplease.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table: left-aligned columns, two spaces apart, no trailing blanks. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    Table(String... header) {
        rows.add(header);
        rightAligned = new boolean[header.length];
    }

    Table right(int... columns) {
        for (int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    void add(String... row) {
        rows.add(row);
    }

    void print(PrintWriter out) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    b.append("  ");
                }
                String pad = " ".repeat(w[i] - r[i].length());
                b.append(rightAligned[i] ? pad + r[i] : r[i] + (i < r.length - 1 ? pad : ""));
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
