package bnlab.run;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The versions of bnlab and what it runs on, as a run's {@code config.json} records them. */
public final class SoftwareVersions {

    private SoftwareVersions() {}

    /** bnlab's own version, from the jar manifest ("dev" when run from classes). */
    private static String bnlab() {
        String v = SoftwareVersions.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** bnlab, DJL, engine and Java versions by name. */
    public static Map<String, String> all() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("bnlab", bnlab());
        versions.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        versions.put(engine.getEngineName().toLowerCase(Locale.ROOT), engine.getVersion());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }
}
