package bnlab.cli;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.RunConfig;
import bnlab.run.RunDirectory;
import bnlab.testing.TrainingConfigs;
import bnlab.train.EpochMetrics;
import bnlab.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Run directories made without training (initialised weights, one epoch's made-up metrics), for
 * tests of what commands do with a run before they compute anything.
 */
final class InitialisedRun {

    private InitialisedRun() {}

    /** A complete scratch run of one epoch in {@code dir}, which must not exist or be empty. */
    static Path scratch(Path dir) throws Exception {
        TrainingConfig config = TrainingConfigs.chapter(Variant.SCRATCH, 1, 256, 1);
        try (RunDirectory run = RunDirectory.create(dir);
                Model model = RunDirectory.newLeNetModel(NetworkConfig.of(Variant.SCRATCH))) {
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, LeNet.inputShape(1));
            run.writeCheckpoint(
                    model,
                    RunConfig.forTraining(config, dir.toAbsolutePath().getParent()),
                    List.of(new EpochMetrics(1, 2.3, 0.1, 0.1, 1)));
        }
        return dir;
    }
}
