package bnlab.study;

import bnlab.report.Charts;
import bnlab.report.Html;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A study's report as one self-contained HTML page (CSS inline, charts as {@code data:} URIs): the
 * question, the settings, the summary table, the charts, the answer and every run. All text is
 * escaped.
 */
final class StudyReport {

    private static final String CSS =
            String.join(
                    "\n",
                    Html.BODY_CSS,
                    "h1,h2{font-weight:600}",
                    "blockquote{border-left:4px solid #ccc;margin:0;padding:0.2em 1em}",
                    Html.TABLE_CSS,
                    "td.diverged{color:#c00}",
                    ".answer{background:#f6fbf3;border:1px solid #cdc;padding:0.5em 1em}");

    private final StudyResults results;
    private final String answer;
    private final List<StudyChart> charts;
    private final StringBuilder html = new StringBuilder();

    StudyReport(StudyResults results, String answer, List<StudyChart> charts) {
        this.results = results;
        this.answer = answer;
        this.charts = charts;
    }

    String render() {
        Study study = results.study();
        html.append(Html.pageStart("bnlab study " + study.name(), CSS));
        html.append("<p>").append(Html.escape(study.description())).append("</p>\n");
        html.append("<h2 id=\"question\">Question</h2>\n<blockquote>")
                .append(Html.escape(study.question()))
                .append("</blockquote>\n");
        settings();
        summary();
        html.append("<h2 id=\"charts\">Charts</h2>\n");
        for (StudyChart c : charts) {
            html.append(Html.image(c.png(), c.caption(), Charts.WIDTH, Charts.HEIGHT))
                    .append("<br>\n");
        }
        html.append("<h2 id=\"answer\">Answer</h2>\n<div class=\"answer\">");
        for (String paragraph : answer.split("\n\n")) {
            html.append("<p>").append(Html.escape(paragraph)).append("</p>");
        }
        html.append("</div>\n");
        runs();
        html.append(Html.PAGE_END);
        return html.toString();
    }

    private void settings() {
        html.append("<h2 id=\"settings\">Settings</h2>\n<p>")
                .append(Html.escape(StudyOutputs.planLine(results)))
                .append("</p>\n<table class=\"settings\">\n<tr><th>configuration</th>");
        Set<String> keys = new LinkedHashSet<>();
        results.study().configs().forEach(c -> keys.addAll(c.settings().keySet()));
        keys.forEach(k -> cell("th", k, false));
        html.append("</tr>\n");
        for (StudyConfig c : results.study().configs()) {
            html.append("<tr>");
            cell("td", c.name(), false);
            keys.forEach(k -> cell("td", c.settings().getOrDefault(k, ""), false));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void summary() {
        List<String> measures = results.study().summaryMeasures();
        html.append("<h2 id=\"summary\">Summary</h2>\n")
                .append("<p>Mean [95% interval of the mean, Student's t with n − 1 degrees of")
                .append(" freedom] over seeds.</p>\n<table class=\"summary\">\n<tr>");
        List<String> headers = new ArrayList<>(List.of("config", "n", "diverged"));
        headers.addAll(measures);
        headers.forEach(h -> cell("th", h, false));
        html.append("</tr>\n");
        for (ConfigSummary s : results.summaries()) {
            html.append("<tr>");
            cell("td", s.config(), false);
            cell("td", Integer.toString(s.n()), false);
            cell("td", Integer.toString(s.diverged()), s.diverged() > 0);
            for (String m : measures) {
                Interval i = s.interval(m);
                cell("td", i.describe(Comparisons.DIGITS), !i.hasMean());
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void runs() {
        html.append("<h2 id=\"runs\">Every network</h2>\n<table class=\"runs\">\n<tr>");
        List<String> measures = new ArrayList<>(Measures.STANDARD);
        measures.addAll(results.study().measures());
        cell("th", "config", false);
        cell("th", "seed", false);
        measures.forEach(m -> cell("th", m, false));
        html.append("</tr>\n");
        for (StudyConfig c : results.study().configs()) {
            for (StudyRun r : results.runs(c.name())) {
                html.append("<tr>");
                cell("td", r.config(), false);
                cell("td", Long.toString(r.seed()), false);
                for (String m : measures) {
                    double v = r.value(m);
                    cell("td", String.format(Locale.ROOT, "%.4f", v), !Double.isFinite(v));
                }
                html.append("</tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private void cell(String tag, String text, boolean diverged) {
        html.append('<').append(tag).append(diverged ? " class=\"diverged\">" : ">");
        html.append(Html.escape(text)).append("</").append(tag).append('>');
    }
}
