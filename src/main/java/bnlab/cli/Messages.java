package bnlab.cli;

import bnlab.data.DataNotFoundException;
import bnlab.data.FashionMnist;
import bnlab.errors.AdvisedError;
import bnlab.errors.SettingException;
import bnlab.io.DirectoryClaim;
import java.util.Map;

/**
 * The command line's words for what the library reports in its own: a setting's option ({@code
 * batchSize} is {@code --batch-size}), and how to get data that was not found. Library code never
 * names an option; every message a command prints goes through {@link #of}.
 */
final class Messages {

    /** Library setting names and the options that set them. */
    private static final Map<String, String> OPTIONS =
            Map.ofEntries(
                    Map.entry("epochs", "--epochs"),
                    Map.entry("batchSize", "--batch-size"),
                    Map.entry("learningRate", "--lr"),
                    Map.entry("seed", "--seed"),
                    Map.entry("limitBatches", "--limit-batches"),
                    Map.entry("threads", "--threads"),
                    Map.entry("warmup", "--warmup"),
                    Map.entry("steps", "--steps"),
                    Map.entry("every", "--every"),
                    Map.entry("initSigma", "--init-sigma"),
                    Map.entry("probeImages", "--probe-images"),
                    Map.entry("probedUnit", "--unit"),
                    Map.entry("statistics", "--statistics"),
                    Map.entry(DirectoryClaim.OUTPUT_DIRECTORY, "--output"));

    private static final String HOW_TO_GET =
            "get the data with `apt-get install dataset-fashion-mnist`"
                    + " or pass `--data-dir DIR` (a directory holding "
                    + String.join(", ", FashionMnist.FILE_NAMES)
                    + ")";

    private Messages() {}

    private static String option(String setting) {
        return OPTIONS.getOrDefault(setting, setting);
    }

    /**
     * The message of {@code e} in the command line's words: a {@link SettingException} names the
     * option (a setting no option sets keeps its name), so does the advice of an {@link
     * AdvisedError}, a {@link DataNotFoundException} gains how to get the data, any other message
     * is as thrown.
     */
    static String of(Throwable e) {
        if (e instanceof SettingException s) {
            return option(s.setting()) + " " + s.problem();
        }
        if (e instanceof AdvisedError a && a.advice() != null) {
            return a.problem() + a.advice().naming(option(a.advice().setting()));
        }
        if (e instanceof DataNotFoundException d) {
            return d.getMessage()
                    + "; "
                    + HOW_TO_GET
                    + (d.downloadTried() ? "" : ", or download it with `bnlab data --download`");
        }
        return e.getMessage();
    }
}
