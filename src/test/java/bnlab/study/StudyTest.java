package bnlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A study's builder names the first bad field. */
class StudyTest {

    private static String error(Study.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    @Test
    void summaryMeasuresPutTestAccuracyFirst() {
        assertEquals(
                List.of("test_acc", "train_acc", "loss", "gap"),
                TestStudies.threeConfigs().summaryMeasures());
    }

    @Test
    void namesTheBadField() {
        List<StudyConfig> two = TestStudies.threeConfigs().configs().subList(0, 2);
        assertEquals(
                "name must be lower-case letters, digits and hyphens, got Bias",
                error(TestStudies.builder(two).setName("Bias")));
        assertEquals(
                "description must be one line",
                error(TestStudies.builder(two).setDescription("a\nb")));
        assertEquals(
                "configs: study toy needs at least two to compare",
                error(TestStudies.builder(two.subList(0, 1))));
        assertEquals(
                "configs: a appears twice",
                error(TestStudies.builder(List.of(two.get(0), two.get(0)))));
        assertEquals(
                "measures: 'test_acc' is not a new lower_case name",
                error(TestStudies.builder(two).optMeasures(List.of("test_acc"))));
        assertEquals(
                "quick is required for study toy", error(TestStudies.builder(two).setQuick(null)));
    }

    @Test
    void configNamesAreSafeCsvCells() {
        assertThrows(IllegalArgumentException.class, () -> StudyConfig.of("a,b", "k", "v"));
        assertThrows(IllegalArgumentException.class, () -> StudyConfig.of("a", "k"));
        assertEquals("lr=0.1", StudyConfig.of("lr=0.1", "lr", "0.1").name());
    }
}
