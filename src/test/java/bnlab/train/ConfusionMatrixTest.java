package bnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.data.FashionMnist;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    private static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void countsAccuracyAndClassAccuracy() {
        ConfusionMatrix m =
                ConfusionMatrix.compute(
                        ABC, new int[] {0, 0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2, 2});
        assertEquals(2, m.count(0, 0));
        assertEquals(1, m.count(0, 1));
        assertEquals(0, m.count(2, 0));
        assertEquals(6, m.total());
        assertEquals(3, m.classTotal(0));
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(2.0 / 3, m.classAccuracy(0), 1e-12);
        assertEquals(0.5, m.classAccuracy(1), 1e-12);
        assertEquals(1.0, m.classAccuracy(2), 1e-12);
    }

    @Test
    void accumulatesLikeCompute() {
        ConfusionMatrix m = ConfusionMatrix.ofClasses(ABC);
        assertTrue(Double.isNaN(m.accuracy()), "no examples, no accuracy");
        m.add(2, 1);
        m.add(2, 1);
        assertEquals(2, m.count(2, 1));
        assertEquals(0.0, m.accuracy());
        assertTrue(Double.isNaN(m.classAccuracy(0)));
    }

    @Test
    void rejectsLabelsOutOfRangeAndMismatchedArrays() {
        ConfusionMatrix m = ConfusionMatrix.ofClasses(ABC);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> m.add(3, 0));
        assertEquals("true label 3 is not a class index 0..2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.add(0, -1));
        assertThrows(
                IllegalArgumentException.class,
                () -> ConfusionMatrix.compute(ABC, new int[2], new int[3]));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.ofClasses(List.of()));
    }

    @Test
    void textHasOneRowPerClassWithItsName() {
        ConfusionMatrix m = ConfusionMatrix.ofClasses(FashionMnist.CLASS_NAMES);
        for (int c = 0; c < FashionMnist.NUM_CLASSES; c++) {
            m.add(c, c);
        }
        m.add(6, 0);
        List<String> lines = m.toText().lines().toList();
        assertEquals(FashionMnist.NUM_CLASSES + 2, lines.size(), m.toText());
        assertTrue(lines.get(0).trim().startsWith("0  1  2"), lines.get(0));
        assertTrue(lines.get(7).startsWith("6 Shirt "), lines.get(7));
        assertTrue(lines.get(7).endsWith("  0.500"), lines.get(7));
        assertEquals("accuracy 0.9091 of 11", lines.get(11));
    }
}
