package bnlab.testing;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A short default {@code bnlab train} run on the real data ({@value #EPOCHS} epochs of {@value
 * #LIMIT_BATCHES} batches), trained once per JVM and handed out as copies, so tests that load,
 * damage or resume a run need not each train their own.
 */
public final class TinyRun {

    /** Batches of each split per epoch. */
    public static final int LIMIT_BATCHES = 30;

    /** Epochs trained: enough for confident predictions on some test images. */
    public static final int EPOCHS = 3;

    private static Path trained;
    private static String output;

    private TinyRun() {}

    /** A copy of the run's files in the new directory {@code into}, the caller's to change. */
    public static Path copy(Path into) throws IOException {
        Path copy = Files.createDirectories(into);
        try (Stream<Path> files = Files.list(trained())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }

    /**
     * A copy (see {@link #copy}) whose config.json names the preset {@code variant}, though its
     * parameters stay those of the scratch network trained: a run that cannot be loaded.
     */
    public static Path copyNaming(Path into, Variant variant) throws IOException {
        Path copy = copy(into);
        Path config = copy.resolve(RunDirectory.CONFIG_FILE);
        Files.writeString(
                config,
                Files.readString(config)
                        .replace(
                                '"' + Variant.SCRATCH.cliName() + '"',
                                '"' + variant.cliName() + '"')
                        .replace(
                                NetworkConfig.of(Variant.SCRATCH).toString(),
                                NetworkConfig.of(variant).toString()));
        return copy;
    }

    /**
     * A new one-epoch run of the preset {@code variant} on its first {@code batches} batches,
     * trained into {@code dir} by {@code train -q}, for tests that need a run of another network.
     */
    public static Path train(Path dir, String variant, int batches) {
        CommandRunner.runLine(
                        "train --variant {} --epochs 1 --limit-batches {} -q --output {}",
                        variant,
                        batches,
                        dir)
                .assertSuccess();
        return dir;
    }

    /** What {@code train} printed to stdout while training the run. */
    public static String output() {
        trained();
        return output;
    }

    private static synchronized Path trained() {
        if (trained == null) {
            try {
                Path dir = Files.createTempDirectory("bnlab-tiny-run");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Path run = dir.resolve("run");
                CommandRunner r =
                        CommandRunner.runLine(
                                        "train --limit-batches {} --epochs {} --output {}",
                                        LIMIT_BATCHES,
                                        EPOCHS,
                                        run)
                                .assertSuccess();
                output = r.out();
                trained = run;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trained;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort at exit: it is a temporary directory
        }
    }
}
