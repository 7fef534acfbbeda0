package bnlab.cli;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * How {@code train} and {@code compare} read the network to train: {@code --variant} names a
 * preset, {@code --network} any network in the text form of {@link NetworkConfig#parse} (which may
 * itself start with a preset).
 */
final class NetworkOptions {

    private NetworkOptions() {}

    /**
     * The network of {@code train}: {@code --network}'s if given, else the preset {@code --variant}
     * names.
     *
     * @param variant the value of {@code --variant} (its default when not given)
     * @param network the value of {@code --network}, or null
     * @throws CommandLine.ParameterException if both are given, or the one used is not valid
     */
    static NetworkConfig of(CommandLine.Model.CommandSpec spec, String variant, String network)
            throws Exception {
        if (network == null) {
            return UsageErrors.check(spec, () -> NetworkConfig.of(Variant.parse(variant)));
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--variant")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--variant and --network cannot be combined: start --network with the preset,"
                            + " e.g. --network "
                            + variant
                            + ",dropout=0.5");
        }
        return parse(spec, network);
    }

    /**
     * The networks of {@code compare}: one per {@code --network}, in order, or every preset if none
     * is given.
     *
     * @throws CommandLine.ParameterException naming the first that is not valid or repeats one
     *     before it
     */
    static List<NetworkConfig> list(CommandLine.Model.CommandSpec spec, List<String> networks)
            throws Exception {
        List<NetworkConfig> list = new ArrayList<>();
        if (networks == null || networks.isEmpty()) {
            for (Variant v : Variant.values()) {
                list.add(NetworkConfig.of(v));
            }
            return list;
        }
        for (String text : networks) {
            NetworkConfig network = parse(spec, text);
            if (list.contains(network)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--network "
                                + text
                                + " is the same network as an earlier --network ("
                                + network.label()
                                + "); give each network once");
            }
            list.add(network);
        }
        return list;
    }

    private static NetworkConfig parse(CommandLine.Model.CommandSpec spec, String text)
            throws Exception {
        return UsageErrors.checkOption(spec, "--network:", () -> NetworkConfig.parse(text));
    }
}
