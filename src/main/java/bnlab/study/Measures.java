package bnlab.study;

import java.util.List;

/** The names of the measures every study records, as they appear in CSV headers. */
public final class Measures {

    /** Mean training loss of the final epoch. */
    public static final String LOSS = "loss";

    /** Training accuracy of the final epoch. */
    public static final String TRAIN_ACC = "train_acc";

    /** Test accuracy after the final epoch. */
    public static final String TEST_ACC = "test_acc";

    /** The three, in the order of the CSV columns. */
    public static final List<String> STANDARD = List.of(LOSS, TRAIN_ACC, TEST_ACC);

    private Measures() {}
}
