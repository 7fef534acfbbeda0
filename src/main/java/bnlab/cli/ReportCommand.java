package bnlab.cli;

import bnlab.io.OutputFiles;
import bnlab.report.ComparisonTable;
import bnlab.report.Report;
import bnlab.report.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bnlab report}: rebuilds the charts and {@code report.html} from saved runs. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Rebuild report.html, loss.png and accuracy.png from saved runs, and print"
                        + " the comparison table.",
        footer = {
            "",
            "Examples:",
            "  ./bnlab report runs/compare-20250101-120000",
            "  ./bnlab report runs/scratch-a runs/plain-b --output runs/ab.html"
        })
public final class ReportCommand extends BnlabSubcommand {

    @Parameters(
            arity = "1..*",
            paramLabel = "RUN_DIR",
            description = "Run directories, or a compare output whose subdirectories are runs.")
    List<Path> runDirs;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description =
                    "The report to write; the charts"
                            + " go beside it (default: report.html in the first directory).")
    Path output;

    @Override
    int execute() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<RunSummary> runs = UsageErrors.check(spec, () -> RunSummary.readAll(runDirs));
        Path html = output != null ? output : runDirs.get(0).resolve(Report.HTML_FILE);
        // checked before any model is loaded or run, not after
        UsageErrors.Step<Path> check =
                () -> {
                    OutputFiles.checkCreatable(html);
                    return html;
                };
        if (output != null) {
            UsageErrors.checkOption(spec, "--output", check);
        } else {
            UsageErrors.check(spec, check);
        }
        ComparisonTable table = Report.write(runs, html);
        out.print(table.toText());
        out.println("report written to " + html);
        return 0;
    }
}
