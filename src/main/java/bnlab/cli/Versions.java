package bnlab.cli;

import bnlab.run.SoftwareVersions;
import picocli.CommandLine;

/** {@code --version}: the versions a run's {@code config.json} records, one per line. */
public final class Versions implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return SoftwareVersions.all().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .toArray(String[]::new);
    }
}
