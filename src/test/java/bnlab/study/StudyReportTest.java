package bnlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html is self-contained and holds the question, table, charts and answer. */
class StudyReportTest {

    @TempDir Path temp;

    @Test
    void reportHoldsQuestionSummaryChartsAndAnswer() throws Exception {
        Study study =
                TestStudies.builder(
                                List.of(
                                        StudyConfig.of("a", "acc", "0.5"),
                                        StudyConfig.of(
                                                "b", "acc", "0.6", "diverge", "true", "note",
                                                "<&>")))
                        .build();
        Path dir = temp.resolve("out");
        new StudyRunner(
                        study,
                        new StudyPlan(2, 2, 10),
                        Map.of("optimizer", "adam"),
                        new FakeTrainer(),
                        StopCheck.NEVER,
                        StudyListener.NONE)
                .run(dir);
        Document page = Jsoup.parse(Files.readString(dir.resolve("report.html")));

        assertEquals(TestStudies.QUESTION, page.selectFirst("blockquote").text());
        assertTrue(
                page.text()
                        .contains(
                                "2 seeds per configuration, 2 epochs, 10 batches per epoch;"
                                        + " optimizer=adam."));
        Element summary = page.selectFirst("table.summary");
        assertEquals(
                List.of("config", "n", "diverged", "test_acc", "train_acc", "loss", "gap"),
                summary.select("th").eachText());
        assertEquals(
                List.of("a", "2", "0", "0.5150 [0.4515, 0.5785]"),
                summary.select("tr").get(1).select("td").eachText().subList(0, 4));
        // text is escaped, and reads back as it was
        assertEquals(
                List.of("b", "0.6", "true", "<&>"),
                page.select("table.settings tr").get(2).select("td").eachText());
        assertEquals("diverged", summary.select("tr").get(2).select("td").get(2).className());
        assertEquals(4, page.select("table.runs tr").size() - 1);

        List<Element> images = page.select("img");
        assertEquals(4, images.size());
        for (Element img : images) {
            assertTrue(img.attr("src").startsWith("data:image/png;base64,iVBOR"));
        }
        assertTrue(page.selectFirst("div.answer").text().startsWith("Highest mean test_acc: a"));
        // nothing outside the file
        assertTrue(page.select("[href], script, link").isEmpty());
    }
}
