package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.testing.RealData;
import bnlab.testing.TrainingConfigs;
import bnlab.train.NanAfterBlock;
import bnlab.train.TrainingConfig;
import bnlab.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A loss that turns NaN during {@code train}: the shared epoch loop driven with an injected model
 * (the real LeNet followed by {@link NanAfterBlock}), then bnlab's error handler on what it threw.
 */
@ExtendWith(RealData.class)
class ConsoleTrainingDivergenceIT {

    @TempDir Path temp;

    @Test
    void divergenceIsExitOneWithTheBatchAndTheLastCheckpointStaysLoadable() throws Exception {
        FashionMnist data = RealData.fashionMnist();
        TrainingConfig config = TrainingConfigs.chapter(Variant.SCRATCH, 3, 64, 3);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        TrainingDivergedException e;
        try (RunDirectory run = RunDirectory.create(temp.resolve("run"));
                ShutdownStop stop = ShutdownStop.install();
                Model model = Model.newInstance(RunDirectory.MODEL_NAME)) {
            // 3 training batches per epoch: call 6 is epoch 2, batch 3
            model.setBlock(NanAfterBlock.lenetFailingAt(Variant.SCRATCH, 6));
            e =
                    assertThrows(
                            TrainingDivergedException.class,
                            () ->
                                    ConsoleTraining.run(
                                            model,
                                            config,
                                            data,
                                            run,
                                            new PrintWriter(out, true),
                                            new PrintWriter(err, true),
                                            "",
                                            null,
                                            null,
                                            null,
                                            stop));
        }
        assertEquals(
                1,
                out.toString().lines().filter(l -> l.startsWith("epoch ")).count(),
                out.toString());

        assertEquals("", err.toString(), "the loop leaves reporting to the command's handler");

        // What bnlab prints and returns for it: one line, exit 1 (a failure while running).
        CommandLine cmd = BnlabCommand.newCommandLine();
        StringWriter handled = new StringWriter();
        cmd.setErr(new PrintWriter(handled, true));
        CommandLine.ParseResult parsed = cmd.parseArgs("train");
        int code = cmd.getExecutionExceptionHandler().handleExecutionException(e, cmd, parsed);
        assertEquals(1, code);
        assertEquals(
                "bnlab: training diverged at epoch 2, batch 3 (loss NaN); try a lower --lr",
                handled.toString().strip());

        // Epoch 1's checkpoint is intact and loads as an ordinary scratch LeNet.
        SavedRun saved = SavedRun.open(temp.resolve("run"));
        assertEquals(1, saved.lastEpoch());
        try (Model loaded = saved.loadModel()) {
            assertEquals("1", loaded.getProperty("Epoch"));
        }
        assertFalse(Files.exists(saved.parameterFile(2)));
    }
}
