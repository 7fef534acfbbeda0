package bnlab.cli;

import bnlab.data.ChecksumCheck;
import bnlab.data.DataConfig;
import bnlab.data.FashionMnist;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bnlab data}: where Fashion-MNIST is, whether its files are the official ones. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Show where the Fashion-MNIST files are found and check their MD5 sums (OK or MISMATCH"
                    + " per file; exit 1 on a mismatch).",
            "Searched as every command does: --data-dir, $FASHION_MNIST_DIR,"
                    + " ~/.cache/bnlab/fashion-mnist, /usr/share/datasets/fashion-mnist; unlike"
                    + " the other commands it downloads only with --download, and otherwise says"
                    + " why nothing was found."
        },
        footer = {
            "",
            "Examples:",
            "  ./bnlab data",
            "  ./bnlab data --download --data-dir ~/fashion-mnist"
        })
public final class DataCommand extends BnlabSubcommand {

    @Option(
            names = "--data-dir",
            description = "Directory with (or, with --download, to receive)" + " the four files.")
    Path dataDir;

    @Option(
            names = "--download",
            description =
                    "Download the official files into --data-dir (or"
                            + " the cache), keeping those already there and verified.")
    boolean download;

    @Override
    int execute() {
        PrintWriter out = spec.commandLine().getOut();
        DataConfig config = DataConfig.defaults(dataDir);
        if (download) {
            out.println("downloaded into " + FashionMnist.download(config));
        }
        FashionMnist data = DataLocation.find(spec, dataDir);
        // the directory the user named is "--data-dir" in the command line's words
        out.println(
                data.origin().equals(FashionMnist.GIVEN_DIRECTORY)
                        ? "Fashion-MNIST in " + data.directory() + " (--data-dir)"
                        : data.describe());
        List<ChecksumCheck> checks = data.verifyChecksums();
        checks.forEach(out::println);
        boolean ok = checks.stream().allMatch(ChecksumCheck::ok);
        out.println(
                ok
                        ? "all " + checks.size() + " files OK"
                        : "checksum MISMATCH: these are not the official Fashion-MNIST files");
        out.flush();
        return ok ? 0 : BnlabCommand.EXIT_FAILURE;
    }
}
