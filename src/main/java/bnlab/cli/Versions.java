package bnlab.cli;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** The versions of bnlab and what it runs on, for {@code --version} and {@code config.json}. */
public final class Versions implements CommandLine.IVersionProvider {

    /** bnlab's own version, from the jar manifest ("dev" when run from classes). */
    public static String bnlab() {
        String v = Versions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** bnlab, DJL, engine and Java versions by name. */
    public static Map<String, String> all() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("bnlab", bnlab());
        versions.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        versions.put(
                engine.getEngineName().toLowerCase(java.util.Locale.ROOT), engine.getVersion());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }

    @Override
    public String[] getVersion() {
        return all().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .toArray(String[]::new);
    }
}
