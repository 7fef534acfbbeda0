package bnlab.bench;

import java.util.Objects;

/**
 * One PyTorch operator's share of a training step, averaged over the profiled steps, like a row of
 * {@code torch.profiler}'s {@code key_averages()} table.
 *
 * @param name the operator, e.g. {@code aten::convolution_backward}
 * @param callsPerStep calls per step
 * @param selfMsPerStep time in the operator itself, not in operators it called, ms per step
 * @param totalMsPerStep time in the operator including the operators it called, ms per step
 */
public record OpStat(
        String name, double callsPerStep, double selfMsPerStep, double totalMsPerStep) {

    /** Validates the figures. */
    public OpStat {
        Objects.requireNonNull(name, "name");
        if (!(callsPerStep > 0) || selfMsPerStep < 0 || totalMsPerStep < selfMsPerStep - 1e-9) {
            throw new IllegalArgumentException(
                    "invalid figures for "
                            + name
                            + ": calls "
                            + callsPerStep
                            + ", self "
                            + selfMsPerStep
                            + " ms, total "
                            + totalMsPerStep
                            + " ms");
        }
    }
}
