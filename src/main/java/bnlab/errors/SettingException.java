package bnlab.errors;

/**
 * A setting with a value it cannot take, named as the library names it ({@code batchSize}, not a
 * command-line option): {@link #setting()} and {@link #problem()} make the message, e.g. {@code
 * batchSize must be in 2..4096, got 0}, and a front end puts its own name for the setting in front
 * of the problem.
 */
public class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String problem;

    /**
     * @param setting the setting's name, e.g. {@code batchSize}
     * @param problem what is wrong with its value, starting with a verb or the value itself, e.g.
     *     {@code must be in 2..4096, got 0}
     */
    public SettingException(String setting, String problem) {
        super(setting + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The setting's name in the library, e.g. {@code batchSize}. */
    public String setting() {
        return setting;
    }

    /** What is wrong with the value, e.g. {@code must be in 2..4096, got 0}. */
    public String problem() {
        return problem;
    }
}
