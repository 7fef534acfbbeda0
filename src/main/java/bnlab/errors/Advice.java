package bnlab.errors;

import java.io.Serializable;
import java.util.Objects;

/**
 * The end of an error message that says what to do, naming the setting to change as the library
 * names it, e.g. {@code ; try a lower learningRate}. A front end puts its own word for the setting
 * in ({@code ; try a lower --lr}), as it does for a {@link SettingException}.
 *
 * @param before the text before the setting, with the separator from the problem, e.g. {@code ; try
 *     a lower }
 * @param setting the setting's name in the library, e.g. {@code learningRate}
 * @param after the text after the setting, possibly empty
 */
public record Advice(String before, String setting, String after) implements Serializable {

    /** Requires all three parts. */
    public Advice {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(after, "after");
    }

    /**
     * The advice with {@code name} for the setting.
     *
     * @param name a front end's word for the setting, e.g. {@code --lr}
     * @return e.g. {@code ; try a lower --lr}
     */
    public String naming(String name) {
        return before + name + after;
    }

    /**
     * The advice in the library's words.
     *
     * @return e.g. {@code ; try a lower learningRate}
     */
    @Override
    public String toString() {
        return naming(setting);
    }
}
