package bnlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bnlab.model.NetworkConfig.Activation;
import bnlab.model.NetworkConfig.Position;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NetworkConfigTest {

    private static final String CHAPTER =
            "norm=scratch,position=before,bias=on,affine=learned,dropout=0,activation=sigmoid";

    private static final String KEYS = "norm, position, bias, affine, dropout, activation";

    private static void assertMessage(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void presetsPrintTheirFullTextForm() {
        assertEquals(CHAPTER, NetworkConfig.of(Variant.SCRATCH).toString());
        assertEquals(
                CHAPTER.replace("scratch", "djl"), NetworkConfig.of(Variant.CONCISE).toString());
        assertEquals(
                CHAPTER.replace("scratch", "none"), NetworkConfig.of(Variant.PLAIN).toString());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void presetNamesParseToThePresets(Variant variant) {
        NetworkConfig preset = NetworkConfig.of(variant);
        assertEquals(preset, NetworkConfig.parse(variant.cliName()));
        assertEquals(preset, NetworkConfig.parse(preset.toString()));
    }

    @Test
    void omittedKeysKeepTheChaptersValues() {
        assertEquals(NetworkConfig.of(Variant.SCRATCH), NetworkConfig.parse("norm=scratch"));
        assertEquals(
                NetworkConfig.of(Variant.SCRATCH).withActivation(Activation.RELU),
                NetworkConfig.parse(" activation = relu "));
    }

    @Test
    void presetFollowedByChanges() {
        NetworkConfig c = NetworkConfig.parse("plain,dropout=0.5,bias=off");
        assertEquals(
                List.of(Normalizer.NONE, Normalizer.NONE, Normalizer.NONE, Normalizer.NONE),
                c.norms());
        assertEquals(0.5f, c.dropout());
        assertEquals(false, c.bias());
        assertEquals(
                "norm=none,position=before,bias=off,affine=learned,dropout=0.5,activation=sigmoid",
                c.toString());
    }

    @Test
    void everySettingRoundTrips() {
        String text =
                "norm=mean:variance:djl:none,position=after,bias=off,affine=fixed,dropout=0.25,"
                        + "activation=relu";
        NetworkConfig c = NetworkConfig.parse(text);
        assertEquals(
                List.of(
                        Normalizer.MEAN_ONLY,
                        Normalizer.VARIANCE_ONLY,
                        Normalizer.DJL,
                        Normalizer.NONE),
                c.norms());
        assertEquals(Position.AFTER, c.position());
        assertEquals(false, c.learnedAffine());
        assertEquals(Activation.RELU, c.activation());
        assertEquals(text, c.toString());
        assertEquals(c, NetworkConfig.parse(c.toString()));
        // four equal sites print as one
        assertEquals(
                CHAPTER, NetworkConfig.parse("norm=scratch:scratch:scratch:scratch").toString());
    }

    @Test
    void dropoutPrintsItsShortestDecimal() {
        assertEquals("0.1", dropoutText(0.1f));
        assertEquals("0.00001", dropoutText(1e-5f));
        assertEquals(0.1f, NetworkConfig.parse("dropout=.1").dropout());
    }

    private static String dropoutText(float p) {
        String s = NetworkConfig.of(Variant.PLAIN).withDropout(p).toString();
        return s.substring(s.indexOf("dropout=") + 8, s.indexOf(",activation"));
    }

    @Test
    void normsAreCopied() {
        List<Normalizer> norms = new ArrayList<>(NetworkConfig.of(Variant.PLAIN).norms());
        NetworkConfig c = NetworkConfig.of(Variant.PLAIN).withNorms(norms);
        norms.set(0, Normalizer.SCRATCH);
        assertEquals(Normalizer.NONE, c.norms().get(0));
        assertThrows(UnsupportedOperationException.class, () -> c.norms().set(0, Normalizer.DJL));
    }

    @Test
    void rejectsEmptyText() {
        String message =
                "network configuration is empty, expected a preset (scratch, concise, plain)"
                        + " and/or key=value items with keys "
                        + KEYS;
        assertMessage(message, () -> NetworkConfig.parse(null));
        assertMessage(message, () -> NetworkConfig.parse(" "));
    }

    @Test
    void rejectsBadItems() {
        String expected =
                "expected a preset (scratch, concise, plain) and/or key=value items with keys "
                        + KEYS;
        assertMessage(
                "unknown preset 'fancy', " + expected, () -> NetworkConfig.parse("fancy,bias=on"));
        assertMessage(
                "item 'plain' is not key=value in network configuration 'bias=on,plain'"
                        + " (a preset may only come first), "
                        + expected,
                () -> NetworkConfig.parse("bias=on,plain"));
        assertMessage(
                "empty item in network configuration 'norm=mean,' (a preset may only come first), "
                        + expected,
                () -> NetworkConfig.parse("norm=mean,"));
        assertMessage(
                "unknown key 'lr' in network configuration, expected one of " + KEYS,
                () -> NetworkConfig.parse("lr=0.1"));
        assertMessage(
                "key 'bias' given twice in network configuration 'bias=on,bias=off'",
                () -> NetworkConfig.parse("bias=on,bias=off"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "norm=batch|unknown normalizer 'batch', expected one of none, scratch, djl, mean,"
                        + " variance, batch-renorm, layer, group:G, instance",
                "norm=mean:bogus:none:none|unknown normalizer 'bogus' at site conv2, expected one"
                        + " of none, scratch, djl, mean, variance, batch-renorm, layer, group:G,"
                        + " instance",
                "norm=group|group needs its number of groups, e.g. group:2",
                "norm=group:0|bad number of groups '0', expected group:G with G ≥ 1",
                "norm=group:x:none:none|group needs its number of groups at site conv1, e.g."
                        + " group:2",
                "norm=instance|norm instance at site fc1: each group would hold one value, whose"
                        + " normalized output is always 0 (only β would be left); use it at the"
                        + " conv sites",
                "norm=none:none:none:group:84|norm group:84 at site fc2: each group would hold one"
                        + " value, whose normalized output is always 0 (only β would be left); use"
                        + " it at the conv sites",
                "norm=group:4|norm group:4 at site conv1: 4 groups do not divide its 6 channels",
                "norm=none:group:3:none:none|norm group:3 at site conv2: 3 groups do not divide"
                        + " its 16 channels",
                "norm=mean:none|norm needs one normalizer for every site or one per site"
                        + " (conv1:conv2:fc1:fc2), got 2 in 'mean:none'",
                "norm=|unknown normalizer '', expected one of none, scratch, djl, mean, variance,"
                        + " batch-renorm, layer, group:G, instance",
                "position=inside|unknown position 'inside', expected one of before, after",
                "bias=yes|unknown bias 'yes', expected one of on, off",
                "affine=frozen|unknown affine 'frozen', expected one of learned, fixed",
                "dropout=1|bad dropout '1', expected a probability in [0, 1)",
                "dropout=-0.1|bad dropout '-0.1', expected a probability in [0, 1)",
                "dropout=NaN|bad dropout 'NaN', expected a probability in [0, 1)",
                "dropout=0.5f|bad dropout '0.5f', expected a probability in [0, 1)",
                "dropout=half|bad dropout 'half', expected a probability in [0, 1)",
                "activation=tanh|unknown activation 'tanh', expected one of sigmoid, relu",
            })
    void rejectsBadValuesNamingThePartAndTheAcceptedValues(String text, String message) {
        assertMessage(message, () -> NetworkConfig.parse(text));
    }

    @Test
    void constructorValidatesEveryPart() {
        List<Normalizer> four = NetworkConfig.of(Variant.PLAIN).norms();
        assertMessage(
                "norm must have one normalizer per site (conv1, conv2, fc1, fc2), got 3",
                () ->
                        new NetworkConfig(
                                four.subList(0, 3),
                                Position.BEFORE,
                                true,
                                true,
                                0,
                                Activation.SIGMOID));
        assertMessage(
                "norm must have one normalizer per site (conv1, conv2, fc1, fc2), got none",
                () -> new NetworkConfig(null, Position.BEFORE, true, true, 0, Activation.SIGMOID));
        List<Normalizer> withNull =
                Arrays.asList(Normalizer.NONE, Normalizer.NONE, null, Normalizer.NONE);
        assertMessage(
                "norm at site fc1 must be one of none, scratch, djl, mean, variance, batch-renorm,"
                        + " layer, group:G, instance, got null",
                () ->
                        new NetworkConfig(
                                withNull, Position.BEFORE, true, true, 0, Activation.SIGMOID));
        assertMessage(
                "position must be one of before, after, got null",
                () -> new NetworkConfig(four, null, true, true, 0, Activation.SIGMOID));
        assertMessage(
                "dropout must be a probability in [0, 1), got 1.0",
                () -> new NetworkConfig(four, Position.BEFORE, true, true, 1, Activation.SIGMOID));
        assertMessage(
                "dropout must be a probability in [0, 1), got NaN",
                () ->
                        new NetworkConfig(
                                four, Position.BEFORE, true, true, Float.NaN, Activation.SIGMOID));
        assertMessage(
                "activation must be one of sigmoid, relu, got null",
                () -> new NetworkConfig(four, Position.BEFORE, true, true, 0, null));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aPresetKnowsItsNameAndIsLabelledByIt(Variant variant) {
        NetworkConfig preset = NetworkConfig.of(variant);
        assertEquals(Optional.of(variant), preset.preset());
        assertEquals(variant.cliName(), preset.label());
        assertEquals(variant != Variant.PLAIN, preset.hasNormalizer());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "plain,dropout=0.5; norm=none,dropout=0.5",
                "norm=mean:variance:djl:none,bias=off,activation=relu;"
                        + " norm=mean:variance:djl:none,bias=off,activation=relu",
                "scratch,affine=fixed; affine=fixed",
                "concise,position=after; norm=djl,position=after"
            })
    void anotherNetworkIsLabelledByWhatDiffersFromTheChapter(String text, String label) {
        NetworkConfig network = NetworkConfig.parse(text);
        assertEquals(Optional.empty(), network.preset());
        assertEquals(label, network.label());
        assertEquals(network, NetworkConfig.parse(network.label()));
    }

    @Test
    void onlyAllNoneHasNoNormalizer() {
        assertEquals(false, NetworkConfig.parse("plain,dropout=0.5").hasNormalizer());
        assertEquals(true, NetworkConfig.parse("norm=none:none:none:mean").hasNormalizer());
    }
}
