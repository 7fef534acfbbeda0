package bnlab.report;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A plain-text table of fixed-width columns one space apart, as the commands print them: each
 * column states its header, the format of its values and where a row's value comes from, so that a
 * header always lines up with its values. Lines carry no line separator.
 *
 * @param <T> what one row shows
 */
public final class TextTable<T> {

    private final List<Column<T>> columns;

    private TextTable(List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
    }

    /** The table of {@code columns}, left to right. */
    @SafeVarargs
    public static <T> TextTable<T> of(Column<T>... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        return new TextTable<>(List.of(columns));
    }

    /**
     * A column; see {@link Column}.
     *
     * @param header the column's name in the header line
     * @param format the format of one value, e.g. {@code %9.2f}, {@code %-8s} or {@code %7.2fx}
     * @param value a row's value in this column
     */
    public static <T> Column<T> column(String header, String format, Function<? super T, ?> value) {
        return new Column<>(header, format, value);
    }

    /** The header line: each header right-aligned over its column, or left as its values are. */
    public String header() {
        return columns.stream().map(Column::headerCell).collect(Collectors.joining(" "));
    }

    /** The line of {@code row}: its values formatted (in {@link Locale#ROOT}) column by column. */
    public String row(T row) {
        return columns.stream().map(c -> c.cell(row)).collect(Collectors.joining(" "));
    }

    /**
     * One column of a {@link TextTable}.
     *
     * @param header the column's name in the header line
     * @param format the format of one value, {@code %[-]WIDTH[.PRECISION]CONVERSION} and any text
     *     after it (e.g. {@code x} or {@code %%}); the column is WIDTH plus that text wide, and a
     *     {@code -} aligns the header to the left like the values
     * @param value a row's value in this column
     * @param <T> what one row shows
     */
    public record Column<T>(String header, String format, Function<? super T, ?> value) {

        private static final Pattern FORMAT = Pattern.compile("%(-?)(\\d+)(?:\\.\\d+)?[a-z](.*)");

        /** Validates the format. */
        public Column {
            parse(header, format);
        }

        private String headerCell() {
            Matcher m = parse(header, format);
            int width = Integer.parseInt(m.group(2)) + m.group(3).replace("%%", "%").length();
            return String.format(Locale.ROOT, "%" + m.group(1) + width + "s", header);
        }

        /** The parts of {@code format}: the alignment flag, the width and the text after. */
        private static Matcher parse(String header, String format) {
            Matcher m = FORMAT.matcher(format);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "column "
                                + header
                                + ": format "
                                + format
                                + ", expected %[-]WIDTH[.PRECISION]CONVERSION and any text");
            }
            return m;
        }

        private String cell(T row) {
            return String.format(Locale.ROOT, format, value.apply(row));
        }
    }
}
