package bnlab.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How LeNet is built around its four normalization sites: after conv1, conv2, fc1 and fc2 (the two
 * conv layers and the two hidden fully connected layers).
 *
 * <p>Text form, for the command line and a run's {@code config.json}: comma-separated {@code
 * key=value} items, optionally led by a preset name whose settings the items then change:
 *
 * <pre>
 *     norm=scratch,position=before,bias=on,affine=learned,dropout=0,activation=sigmoid
 *     norm=scratch:scratch:none:none       (one normalizer per site, conv1:conv2:fc1:fc2)
 *     plain,dropout=0.5                    (the plain preset with dropout)
 * </pre>
 *
 * Keys: {@code norm} (one normalizer for every site, or four separated by {@code :}; each one of
 * {@link Normalizer#forms()}: {@code none}, {@code scratch}, {@code djl}, {@code mean}, {@code
 * variance}, {@code batch-renorm}, {@code layer}, {@code group:G} or {@code instance}), {@code
 * position} ({@code before} or {@code after} the activation), {@code bias} ({@code on}/{@code off}:
 * the bias of a conv or linear layer whose output is normalized; layers without a normalizer always
 * keep theirs), {@code affine} ({@code learned}, or {@code fixed} at γ = 1 and β = 0), {@code
 * dropout} (a probability in [0, 1), applied right after the activation of fc1 and fc2; 0 adds no
 * layer) and {@code activation} ({@code sigmoid} or {@code relu}). Omitted keys keep the chapter's
 * values, those of the {@code scratch} preset. {@link #toString()} prints every key in this order,
 * the norm as one name when all sites agree, so equal configurations print alike.
 *
 * @param norms the normalizer at each site, in the order conv1, conv2, fc1, fc2
 * @param position whether each normalizer comes before the activation (the chapter) or after it
 * @param bias whether a conv or linear layer followed by a normalizer has a bias
 * @param learnedAffine whether γ and β are learned, or fixed at 1 and 0
 * @param dropout the dropout probability after the activations of fc1 and fc2, in [0, 1)
 * @param activation the activation after every conv and hidden linear layer
 */
public record NetworkConfig(
        List<Normalizer> norms,
        Position position,
        boolean bias,
        boolean learnedAffine,
        float dropout,
        Activation activation) {

    /** The names of the four normalization sites, in order. */
    public static final List<String> SITES = List.of("conv1", "conv2", "fc1", "fc2");

    /** How many of the {@link #SITES} are conv layers (the first ones); the rest are linear. */
    public static final int CONV_SITES = 2;

    /** The channels (or units) of the layer at each site, in the order of {@link #SITES}. */
    public static final List<Integer> SITE_CHANNELS = List.of(6, 16, 120, 84);

    private static final List<String> KEYS =
            List.of("norm", "position", "bias", "affine", "dropout", "activation");

    /** Where a normalizer sits relative to the activation that follows its layer. */
    public enum Position {
        /** layer, normalizer, activation: the chapter's order. */
        BEFORE,
        /** layer, activation, normalizer. */
        AFTER;

        /**
         * The lower-case name used in the text form.
         *
         * @return {@code before} or {@code after}
         */
        @Override
        public String toString() {
            return this == BEFORE ? "before" : "after";
        }
    }

    /** The nonlinearity after every conv and hidden linear layer. */
    public enum Activation {
        /** The logistic sigmoid, as in the chapter. */
        SIGMOID,
        /** The rectified linear unit. */
        RELU;

        /**
         * The lower-case name used in the text form.
         *
         * @return {@code sigmoid} or {@code relu}
         */
        @Override
        public String toString() {
            return this == SIGMOID ? "sigmoid" : "relu";
        }
    }

    /**
     * Validates the configuration and keeps an unmodifiable copy of {@code norms}.
     *
     * @throws IllegalArgumentException naming the bad part and the accepted values
     */
    public NetworkConfig {
        if (norms == null || norms.size() != SITES.size()) {
            throw new IllegalArgumentException(
                    "norm must have one normalizer per site ("
                            + String.join(", ", SITES)
                            + "), got "
                            + (norms == null ? "none" : norms.size()));
        }
        for (int i = 0; i < norms.size(); i++) {
            if (norms.get(i) == null) {
                throw new IllegalArgumentException(
                        "norm at site "
                                + SITES.get(i)
                                + " must be one of "
                                + Normalizer.forms()
                                + ", got null");
            }
            Normalizer n = norms.get(i);
            boolean fullyConnected = i >= CONV_SITES;
            if (fullyConnected
                    && (n.kind() == Normalizer.Kind.INSTANCE
                            || (n.kind() == Normalizer.Kind.GROUP
                                    && n.groups() == SITE_CHANNELS.get(i)))) {
                throw new IllegalArgumentException(
                        "norm "
                                + n
                                + " at site "
                                + SITES.get(i)
                                + ": each group would hold one value, whose normalized output is"
                                + " always 0 (only β would be left); use it at the conv sites");
            }
            if (n.kind() == Normalizer.Kind.GROUP && SITE_CHANNELS.get(i) % n.groups() != 0) {
                throw new IllegalArgumentException(
                        "norm "
                                + n
                                + " at site "
                                + SITES.get(i)
                                + ": "
                                + n.groups()
                                + " groups do not divide its "
                                + SITE_CHANNELS.get(i)
                                + " channels");
            }
        }
        norms = List.copyOf(norms);
        if (position == null) {
            throw new IllegalArgumentException(
                    "position must be one of " + names(Position.values()) + ", got null");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(
                    "dropout must be a probability in [0, 1), got " + dropout);
        }
        if (activation == null) {
            throw new IllegalArgumentException(
                    "activation must be one of " + names(Activation.values()) + ", got null");
        }
    }

    /**
     * The configuration of one of today's variants: its normalizer at every site, before a sigmoid,
     * biases on, γ and β learned, no dropout. Builds exactly the network the variant always had.
     *
     * @param variant the variant
     * @return its configuration
     */
    public static NetworkConfig of(Variant variant) {
        Normalizer norm =
                switch (variant) {
                    case SCRATCH -> Normalizer.SCRATCH;
                    case CONCISE -> Normalizer.DJL;
                    case PLAIN -> Normalizer.NONE;
                };
        return new NetworkConfig(
                List.of(norm, norm, norm, norm),
                Position.BEFORE,
                true,
                true,
                0f,
                Activation.SIGMOID);
    }

    /**
     * The preset this configuration is, if it is one.
     *
     * @return the variant whose {@link #of(Variant)} equals this, or empty
     */
    public Optional<Variant> preset() {
        return Arrays.stream(Variant.values()).filter(v -> of(v).equals(this)).findFirst();
    }

    /**
     * Whether any site has a normalizer (for the presets: whether the variant has batch norm).
     *
     * @return false only if every site's normalizer is {@code none}
     */
    public boolean hasNormalizer() {
        return norms.stream().anyMatch(n -> !n.equals(Normalizer.NONE));
    }

    /**
     * A short name for tables, charts and directory names: the preset's name if this is a preset,
     * otherwise the items of the text form that differ from the chapter's values (those of {@code
     * scratch}), which {@link #parse} reads back to this configuration.
     *
     * @return e.g. {@code scratch} or {@code norm=mean,affine=fixed}
     */
    public String label() {
        Optional<Variant> preset = preset();
        if (preset.isPresent()) {
            return preset.get().cliName();
        }
        List<String> chapter = List.of(of(Variant.SCRATCH).toString().split(","));
        return Arrays.stream(toString().split(","))
                .filter(item -> !chapter.contains(item))
                .collect(Collectors.joining(","));
    }

    /**
     * Parses the text form (see the class description).
     *
     * @param text e.g. {@code norm=mean,activation=relu} or {@code plain,dropout=0.5}
     * @return the configuration
     * @throws IllegalArgumentException with one line naming the bad part and the accepted values
     */
    public static NetworkConfig parse(String text) {
        String expected =
                "expected a preset ("
                        + names(Variant.values())
                        + ") and/or key=value items with keys "
                        + String.join(", ", KEYS);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("network configuration is empty, " + expected);
        }
        String[] items = text.split(",", -1);
        NetworkConfig config = of(Variant.SCRATCH);
        int first = 0;
        if (!items[0].contains("=")) {
            config = of(preset(items[0].strip(), expected));
            first = 1;
        }
        Set<String> seen = new HashSet<>();
        for (int i = first; i < items.length; i++) {
            String item = items[i].strip();
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        (item.isEmpty() ? "empty item" : "item '" + item + "' is not key=value")
                                + " in network configuration '"
                                + text
                                + "' (a preset may only come first), "
                                + expected);
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown key '"
                                + key
                                + "' in network configuration, expected one of "
                                + String.join(", ", KEYS));
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException(
                        "key '" + key + "' given twice in network configuration '" + text + "'");
            }
            config = config.with(key, value);
        }
        return config;
    }

    private static Variant preset(String name, String expected) {
        for (Variant v : Variant.values()) {
            if (v.cliName().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "', " + expected);
    }

    private NetworkConfig with(String key, String value) {
        return switch (key) {
            case "norm" -> withNorms(parseNorms(value));
            case "position" -> withPosition(choose("position", value, "", Position.values()));
            case "bias" -> withBias(onOff("bias", value, "on", "off"));
            case "affine" -> withLearnedAffine(onOff("affine", value, "learned", "fixed"));
            case "dropout" -> withDropout(parseDropout(value));
            case "activation" ->
                    withActivation(choose("activation", value, "", Activation.values()));
            default -> throw new AssertionError(key);
        };
    }

    private static List<Normalizer> parseNorms(String value) {
        // "group:G" is one normalizer: join a "group" with the number after it
        List<String> names = new ArrayList<>();
        String[] tokens = value.split(":", -1);
        for (int i = 0; i < tokens.length; i++) {
            boolean grouped =
                    tokens[i].equals(Normalizer.Kind.GROUP.toString())
                            && i + 1 < tokens.length
                            && tokens[i + 1].matches("[0-9]+");
            names.add(grouped ? tokens[i] + ":" + tokens[++i] : tokens[i]);
        }
        if (names.size() == 1) {
            Normalizer n = normalizer(names.get(0), "");
            return List.of(n, n, n, n);
        }
        if (names.size() != SITES.size()) {
            throw new IllegalArgumentException(
                    "norm needs one normalizer for every site or one per site ("
                            + String.join(":", SITES)
                            + "), got "
                            + names.size()
                            + " in '"
                            + value
                            + "'");
        }
        List<Normalizer> norms = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            norms.add(normalizer(names.get(i), " at site " + SITES.get(i)));
        }
        return norms;
    }

    /** One normalizer's text: a kind's name, or {@code group:G}. */
    private static Normalizer normalizer(String name, String where) {
        if (name.startsWith(Normalizer.Kind.GROUP + ":")) {
            String count = name.substring(name.indexOf(':') + 1);
            try {
                return Normalizer.group(Integer.parseInt(count));
            } catch (IllegalArgumentException e) {
                // not an int, or 0 groups: reported below
            }
            throw new IllegalArgumentException(
                    "bad number of groups '"
                            + count
                            + "'"
                            + where
                            + ", expected group:G with G ≥ 1");
        }
        for (Normalizer.Kind kind : Normalizer.Kind.values()) {
            if (kind.toString().equals(name)) {
                if (kind == Normalizer.Kind.GROUP) {
                    throw new IllegalArgumentException(
                            "group needs its number of groups" + where + ", e.g. group:2");
                }
                return new Normalizer(kind, 0);
            }
        }
        throw new IllegalArgumentException(
                "unknown normalizer '"
                        + name
                        + "'"
                        + where
                        + ", expected one of "
                        + Normalizer.forms());
    }

    private static float parseDropout(String value) {
        float p;
        try {
            // BigDecimal, not Float.parseFloat: no NaN, hex or "0.5f"
            p = new BigDecimal(value).floatValue();
        } catch (NumberFormatException e) {
            p = Float.NaN;
        }
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(
                    "bad dropout '" + value + "', expected a probability in [0, 1)");
        }
        return p;
    }

    private static boolean onOff(String what, String value, String yes, String no) {
        if (value.equals(yes) || value.equals(no)) {
            return value.equals(yes);
        }
        throw new IllegalArgumentException(
                "unknown " + what + " '" + value + "', expected one of " + yes + ", " + no);
    }

    private static <E extends Enum<E>> E choose(
            String what, String value, String where, E[] values) {
        for (E e : values) {
            if (e.toString().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "unknown "
                        + what
                        + " '"
                        + value
                        + "'"
                        + where
                        + ", expected one of "
                        + names(values));
    }

    private static String names(Object[] values) {
        return Arrays.stream(values).map(Object::toString).collect(Collectors.joining(", "));
    }

    /**
     * This configuration with other normalizers.
     *
     * @param norms the normalizer at each site, conv1, conv2, fc1, fc2
     * @return the new configuration
     */
    public NetworkConfig withNorms(List<Normalizer> norms) {
        return new NetworkConfig(norms, position, bias, learnedAffine, dropout, activation);
    }

    /**
     * This configuration with another position of the normalizers.
     *
     * @param position before or after the activation
     * @return the new configuration
     */
    public NetworkConfig withPosition(Position position) {
        return new NetworkConfig(norms, position, bias, learnedAffine, dropout, activation);
    }

    /**
     * This configuration with the bias of normalized layers on or off.
     *
     * @param bias whether a conv or linear layer followed by a normalizer has a bias
     * @return the new configuration
     */
    public NetworkConfig withBias(boolean bias) {
        return new NetworkConfig(norms, position, bias, learnedAffine, dropout, activation);
    }

    /**
     * This configuration with γ and β learned or fixed.
     *
     * @param learnedAffine whether γ and β are learned, or fixed at 1 and 0
     * @return the new configuration
     */
    public NetworkConfig withLearnedAffine(boolean learnedAffine) {
        return new NetworkConfig(norms, position, bias, learnedAffine, dropout, activation);
    }

    /**
     * This configuration with another dropout probability.
     *
     * @param dropout the probability, in [0, 1)
     * @return the new configuration
     */
    public NetworkConfig withDropout(float dropout) {
        return new NetworkConfig(norms, position, bias, learnedAffine, dropout, activation);
    }

    /**
     * This configuration with another activation.
     *
     * @param activation sigmoid or ReLU
     * @return the new configuration
     */
    public NetworkConfig withActivation(Activation activation) {
        return new NetworkConfig(norms, position, bias, learnedAffine, dropout, activation);
    }

    /**
     * The text form with every key, e.g. {@code
     * norm=scratch,position=before,bias=on,affine=learned,dropout=0,activation=sigmoid}; {@link
     * #parse} reads it back to an equal configuration.
     *
     * @return the text form
     */
    @Override
    public String toString() {
        String norm =
                norms.stream().distinct().count() == 1
                        ? norms.get(0).toString()
                        : norms.stream().map(Normalizer::toString).collect(Collectors.joining(":"));
        String p = new BigDecimal(Float.toString(dropout)).stripTrailingZeros().toPlainString();
        return "norm="
                + norm
                + ",position="
                + position
                + ",bias="
                + (bias ? "on" : "off")
                + ",affine="
                + (learnedAffine ? "learned" : "fixed")
                + ",dropout="
                + p
                + ",activation="
                + activation;
    }
}
