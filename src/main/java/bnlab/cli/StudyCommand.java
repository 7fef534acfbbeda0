package bnlab.cli;

import bnlab.errors.Ranges;
import bnlab.io.DirectoryClaim;
import bnlab.studies.ChapterStudies;
import bnlab.studies.LeNetStudyTrainer;
import bnlab.study.Study;
import bnlab.study.StudyPlan;
import bnlab.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bnlab study}: answers one of the chapter's exercises with evidence, training every
 * configuration of the study with several seeds (see docs/studies.md).
 */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = {
            "Answer one of the chapter's exercises with evidence: train every configuration of the"
                    + " study with several seeds, write runs.csv, epochs.csv, summary.csv, charts"
                    + " with 95%% error bars, answer.md and report.html, and print the answer.",
            "A study stopped by Ctrl-C or SIGTERM, or killed, continues when run again with the"
                    + " same --output."
        },
        footer = {
            "",
            "Examples:",
            "  ./bnlab study --list",
            "  ./bnlab study bias                     # the defaults listed above",
            "  ./bnlab study lr --quick               # seconds: a smoke check, not an answer",
            "  ./bnlab study bias --output runs/bias  # run again to continue after a stop"
        })
public final class StudyCommand extends BnlabSubcommand {

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "NAME",
            description = "The study to run (see --list).")
    String name;

    @Option(names = "--list", description = "List the studies, one line each, and exit.")
    boolean list;

    @Option(
            names = "--seeds",
            description =
                    "Networks per configuration, seeded 1 to N, 1.."
                            + StudyExecution.MAX_SEEDS
                            + " (default: the study's).")
    Integer seeds;

    @Option(
            names = "--epochs",
            description = "Epochs per network, " + OptionRanges.EPOCHS + " (default: the study's).")
    Integer epochs;

    @Option(
            names = "--quick",
            description =
                    "The seconds-long version (a few batches per epoch), for smoke checks;"
                            + " --seeds and --epochs still apply.")
    boolean quick;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description =
                    "Directory of the study (default: runs/study-NAME-<timestamp>): new, empty,"
                            + " or one this same study was stopped in, to continue it.")
    Path output;

    @Mixin RuntimeOptions runtime;

    /**
     * One line per study for {@code --list}: name, what it compares, its default seeds, epochs and
     * batches.
     */
    static List<String> listing() {
        return ChapterStudies.all().stream()
                .map(
                        s ->
                                line(
                                        s,
                                        s.description()
                                                + " (default: "
                                                + describe(s, s.defaults())
                                                + ")"))
                .toList();
    }

    /** One line per study for the help's footer: name and default seeds, epochs and batches. */
    static List<String> defaults() {
        return ChapterStudies.all().stream().map(s -> line(s, describe(s, s.defaults()))).toList();
    }

    private static String line(Study study, String text) {
        int width = ChapterStudies.all().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        return String.format(Locale.ROOT, "%-" + width + "s  %s", study.name(), text);
    }

    /**
     * E.g. {@code 3 seeds, 5 epochs, all batches}; for a study whose networks each see a set number
     * of examples (setting {@code examples}), e.g. {@code 3 seeds, 1 epoch, 10240 examples each}.
     */
    static String describe(Study study, StudyPlan plan) {
        List<String> examples =
                study.configs().stream()
                        .map(c -> c.settings().get(LeNetStudyTrainer.EXAMPLES))
                        .distinct()
                        .toList();
        String batches =
                plan.limitBatches() != null
                        ? plan.limitBatches() + " batches per epoch"
                        : examples.size() == 1 && examples.get(0) != null
                                ? examples.get(0) + " examples each"
                                : "all batches";
        return plan.seeds()
                + (plan.seeds() == 1 ? " seed, " : " seeds, ")
                + plan.epochs()
                + (plan.epochs() == 1 ? " epoch, " : " epochs, ")
                + batches;
    }

    @Override
    int execute() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            if (name != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--list takes no study NAME, got '" + name + "'");
            }
            listing().forEach(out::println);
            return 0;
        }
        if (name == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "a study NAME is required, one of "
                            + String.join(
                                    ", ", ChapterStudies.all().stream().map(Study::name).toList()));
        }
        Study study = UsageErrors.check(spec, () -> ChapterStudies.named(name));
        UsageErrors.check(
                spec,
                () -> {
                    if (seeds != null) {
                        Ranges.check("--seeds", seeds, 1, StudyExecution.MAX_SEEDS);
                    }
                    return epochs == null
                            ? null
                            : Ranges.check("--epochs", epochs, 1, TrainingConfig.MAX_EPOCHS);
                });
        StudyPlan plan = (quick ? study.quick() : study.defaults()).with(seeds, epochs);
        runtime.configureEngine(spec);
        try (DirectoryClaim claim = StudyExecution.claim(spec, output, "study-" + name)) {
            StudyExecution.run(spec, runtime, study, plan, LeNetStudyTrainer.BATCH_SIZE, claim);
        }
        return 0;
    }
}
