package bnlab.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import bnlab.data.FashionMnist;
import bnlab.model.Variant;
import bnlab.report.ComparisonTable;
import bnlab.report.Report;
import bnlab.report.RunSummary;
import bnlab.run.RunDirectory;
import bnlab.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bnlab compare}: trains every variant with the same seed and settings, then prints them
 * side by side and writes the charts and the report.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Train every LeNet variant (scratch, concise, plain) with the same settings"
                        + " and compare them: a table, loss.png, accuracy.png and report.html.",
        footer = {
            "",
            "Examples:",
            "  ./bnlab compare                                # 5 epochs of each variant",
            "  ./bnlab compare --limit-batches 20 --epochs 2  # a quick check"
        })
public final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin VerboseOption verbose;

    @Mixin TrainingOptions training;

    @Option(
            names = "--output",
            description =
                    "Directory to create (default:"
                            + " runs/compare-<timestamp>); must be new or empty. Each variant's run goes to"
                            + " <output>/<variant>/.")
    Path output;

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        PrintWriter out = spec.commandLine().getOut();
        List<TrainingConfig> configs = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            configs.add(UsageErrors.check(spec, () -> training.toConfig(variant)));
        }
        Path target = output != null ? output : RunDirectory.defaultPath("compare");
        UsageErrors.checkOption(spec, "--output", () -> RunDirectory.prepare(target));
        FashionMnist data = training.runtime.start(spec);
        out.println("training on " + Engine.getInstance().defaultDevice());
        out.flush();
        List<Path> runs = new ArrayList<>();
        for (TrainingConfig config : configs) {
            RunDirectory run = RunDirectory.prepare(target.resolve(config.variant().cliName()));
            try (Model model = RunDirectory.newLeNetModel(config.variant())) {
                ConsoleTraining.run(
                        model,
                        config,
                        data,
                        run,
                        out,
                        spec.commandLine().getErr(),
                        config.variant() + ": ",
                        null);
            }
            runs.add(run.path());
        }

        Path html = target.resolve(Report.HTML_FILE);
        ComparisonTable table = Report.write(RunSummary.readAll(runs), html);
        out.println();
        out.print(table.toText());
        out.println("runs saved to " + target + "; report " + html);
        return 0;
    }
}
