package bnlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How {@code config.json} records the network: a preset keeps its {@code variant} key in first
 * place, as before networks were configurable, with the text form beside it; any other network has
 * only the text form; runs written before have only {@code variant}.
 */
class RunConfigNetworkTest {

    private static final String CUSTOM =
            "norm=mean:variance:djl:none,position=after,bias=off,affine=fixed,dropout=0.25,"
                    + "activation=relu";

    @TempDir Path temp;

    private static TrainingConfig training(NetworkConfig network) {
        return new TrainingConfig(network, 5, 256, 0.001f, OptimizerKind.ADAM, 42, null, 2);
    }

    private Path write(RunConfig config) throws Exception {
        Path file = temp.resolve("config.json");
        Files.write(file, config.toJson());
        return file;
    }

    private RunConfig roundTrip(RunConfig config) throws Exception {
        return RunConfig.read(write(config));
    }

    /** Reading back a config.json of these entries is refused naming the file and the reason. */
    private void assertRefused(Map<String, String> entries, String reason) throws Exception {
        Path file = write(RunConfig.of(entries));
        SavedRunException e = assertThrows(SavedRunException.class, () -> RunConfig.read(file));
        assertEquals(file + ": " + reason, e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aPresetKeepsEveryKeyOfBeforeInPlaceAndAddsItsText(Variant variant) throws Exception {
        RunConfig config =
                RunConfig.forTraining(training(NetworkConfig.of(variant)), Path.of("/data"));
        assertEquals(
                List.of(
                        "variant",
                        "network",
                        "epochs",
                        "batchSize",
                        "learningRate",
                        "optimizer",
                        "seed",
                        "limitBatches",
                        "threads",
                        "dataDir",
                        "versions"),
                List.copyOf(config.entries().keySet()));
        assertEquals(variant.cliName(), config.get("variant").getAsString());
        assertEquals(NetworkConfig.of(variant).toString(), config.get("network").getAsString());
        assertEquals(NetworkConfig.of(variant), roundTrip(config).network());
    }

    @Test
    void anotherNetworkIsRecordedByItsTextAlone() throws Exception {
        NetworkConfig custom = NetworkConfig.parse(CUSTOM);
        RunConfig config = RunConfig.forTraining(training(custom), Path.of("/data"));
        assertFalse(config.entries().containsKey("variant"));
        assertEquals(CUSTOM, config.get("network").getAsString());
        RunConfig read = roundTrip(config);
        assertEquals(custom, read.network());
        assertEquals(training(custom), read.trainingConfig(2));
    }

    @Test
    void aRunWrittenBeforeNetworksIsReadFromItsVariant() throws Exception {
        RunConfig old = RunConfig.of(Map.of("variant", "concise"));
        assertEquals(NetworkConfig.of(Variant.CONCISE), roundTrip(old).network());
    }

    @Test
    void aVariantThatDisagreesWithTheNetworkIsRefused() throws Exception {
        assertRefused(
                Map.of("variant", "concise", "network", "scratch"),
                "'variant' concise disagrees with 'network' "
                        + NetworkConfig.of(Variant.SCRATCH)
                        + "; keep one of them");
    }

    @Test
    void aBadNetworkTextIsRefusedNamingTheFileAndTheKey() throws Exception {
        assertRefused(
                Map.of("variant", "scratch", "network", "norm=bogus"),
                "'network': unknown normalizer 'bogus', expected one of none, scratch, djl, mean,"
                        + " variance, batch-renorm, layer, group:G, instance");
    }
}
