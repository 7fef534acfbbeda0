package bnlab.report;

import java.util.List;

/** The side-by-side table of runs that {@code compare} prints and the report shows. */
public final class ComparisonTable {

    /** The column headings. */
    public static final List<String> HEADERS =
            List.of("network", "loss", "train acc", "test acc", "sec/epoch", "parameters");

    private final List<ComparisonRow> rows;

    /** A table of {@code rows}, in order. */
    public ComparisonTable(List<ComparisonRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The rows, in order. */
    public List<ComparisonRow> rows() {
        return rows;
    }

    /** The table as aligned text: labels left, numbers right. */
    public String toText() {
        int[] widths = new int[HEADERS.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = HEADERS.get(c).length();
            for (ComparisonRow row : rows) {
                widths[c] = Math.max(widths[c], row.cells().get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, HEADERS, widths);
        for (ComparisonRow row : rows) {
            appendLine(sb, row.cells(), widths);
        }
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            if (c > 0) {
                sb.append("  ");
            }
            // the first column holds names, the others numbers
            sb.append(c == 0 ? cell + pad : pad + cell);
        }
        sb.append(System.lineSeparator());
    }
}
