package bnlab.report;

import static bnlab.report.TextTable.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Text tables: each header over its column, as wide and aligned as the values below it. */
class TextTableTest {

    private record Speed(String model, double imagesPerSecond, double speedup, double share) {}

    private static final TextTable<Speed> TABLE =
            TextTable.of(
                    column("model", "%-10s", Speed::model),
                    column("images/s", "%9.0f", Speed::imagesPerSecond),
                    column("speedup", "%7.2fx", Speed::speedup),
                    column("share", "%5.1f%%", Speed::share));

    @Test
    void headersAlignLikeTheirValuesAndSuffixesWidenTheColumn() {
        assertEquals("model       images/s  speedup  share", TABLE.header());
        assertEquals(
                "scratch        12346    1.50x  12.5%",
                TABLE.row(new Speed("scratch", 12345.6, 1.5, 12.5)));
        assertEquals(TABLE.header().length(), TABLE.row(new Speed("a", 1, 1, 1)).length());
    }

    @Test
    void aValueWiderThanItsColumnPushesTheRestRightAsFormatDoes() {
        String row = TABLE.row(new Speed("a-long-model-name", 1, 2, 3));
        assertEquals("a-long-model-name         1    2.00x   3.0%", row);
    }

    @Test
    void aFormatWithoutAWidthIsRefused() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> column("model", "%s", Speed::model));
        assertTrue(e.getMessage().contains("column model: format %s"), e.getMessage());
        assertThrows(IllegalArgumentException.class, TextTable::<Speed>of);
    }
}
