package bnlab.cli;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.data.ImageConverter;
import bnlab.run.SavedRun;
import bnlab.train.Inference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bnlab predict}: classifies image files with a saved run. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Classify PNG or JPEG images of any size with a saved run and print the top 3 classes"
                    + " with their probabilities, one line per file.",
            "Each image is made like a Fashion-MNIST one: gray, inverted if its border is mostly"
                    + " light, longest side scaled to 28 pixels, centred on black.",
            "An image of more than 25,000,000 pixels (its header is checked before decoding), or"
                    + " one that is missing or unreadable, gets one error line on stderr; the"
                    + " others are still classified, and the exit code is then 1."
        },
        footer = {
            "",
            "Example:",
            "  ./bnlab predict runs/scratch-20250101-120000 shoe.jpg shirt.png"
        })
public final class PredictCommand extends BnlabSubcommand {

    private static final int TOP = 3;

    @Parameters(
            index = "0",
            paramLabel = "RUN_DIR",
            description = "Run directory written by" + " 'bnlab train'.")
    Path runDir;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "Image files.")
    List<Path> images;

    @Option(
            names = "--epoch",
            description = "Epoch whose parameters to use, 1..the run's last (default: the last).")
    Integer epoch;

    @Override
    int execute() throws Exception {
        SavedRun run = SavedRun.open(runDir);
        int used = UsageErrors.epoch(spec, epoch, run);
        // One image at a time is a tiny workload: more threads only add overhead.
        EngineThreads.configure(1);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        try (Model model = run.loadModel(used)) {
            for (Path file : images) {
                float[] pixels;
                try {
                    pixels = ImageConverter.convert(ImageConverter.read(file));
                } catch (IOException e) {
                    // One bad file must not cost the others their answer.
                    err.println("bnlab predict: " + e.getMessage());
                    err.flush();
                    failed++;
                    continue;
                }
                out.println(file + ": " + top(Inference.probabilities(model, pixels)));
                out.flush();
            }
        }
        return failed == 0 ? 0 : BnlabCommand.EXIT_FAILURE;
    }

    /** E.g. {@code Sneaker 0.934, Sandal 0.051, Ankle boot 0.010}. */
    private static String top(float[] p) {
        List<String> parts = new ArrayList<>();
        IntStream.range(0, p.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> p[c]).reversed())
                .limit(TOP)
                .forEach(
                        c ->
                                parts.add(
                                        String.format(
                                                Locale.ROOT,
                                                "%s %.3f",
                                                FashionMnist.CLASS_NAMES.get(c),
                                                p[c])));
        return String.join(", ", parts);
    }
}
