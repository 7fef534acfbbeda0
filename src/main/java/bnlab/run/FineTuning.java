package bnlab.run;

import ai.djl.Model;
import bnlab.model.NetworkConfig;
import bnlab.model.Normalizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A new run that starts from a saved run's parameters (its last epoch): the same network, a fresh
 * optimizer, its own epochs and settings. The from-scratch batch-norm layers can freeze their
 * statistics and their γ and β ({@code ScratchBatchNorm.Builder#optFreezeStatistics}, {@code
 * optFreezeAffine}); the choice is recorded in the new run's {@code config.json} with the source,
 * so resuming the new run rebuilds the same frozen layers.
 *
 * @param source the run to start from
 * @param freezeStatistics whether the from-scratch batch norm normalises with, and keeps, its
 *     running statistics in training
 * @param freezeAffine whether the from-scratch batch norm's γ and β stay as loaded
 */
public record FineTuning(SavedRun source, boolean freezeStatistics, boolean freezeAffine) {

    /** The key in the new run's {@code config.json} that says where it started. */
    public static final String FINE_TUNED_FROM = "fineTunedFrom";

    /**
     * Checks that the source's network can freeze what is asked.
     *
     * @throws IllegalArgumentException if freezing is asked of a network without a from-scratch
     *     batch-norm site ({@code scratch}), or γ and β of one whose γ and β are fixed
     */
    public FineTuning {
        NetworkConfig network = source.network();
        if ((freezeStatistics || freezeAffine) && !network.norms().contains(Normalizer.SCRATCH)) {
            throw new IllegalArgumentException(
                    source.directory()
                            + ": freezing needs from-scratch batch norm (norm=scratch at some"
                            + " site); its network is "
                            + network);
        }
        if (freezeAffine && !network.learnedAffine()) {
            throw new IllegalArgumentException(
                    source.directory()
                            + ": its γ and β are fixed already (affine=fixed), there are none to"
                            + " freeze");
        }
    }

    /**
     * A model of the source's network, frozen as asked, holding the source's last-epoch parameters.
     * The caller closes it.
     *
     * @throws SavedRunException if the source's parameters cannot be loaded
     */
    public Model loadModel() {
        // training initialises the block (adding the input names a checkpoint needs), as for
        // --resume
        return source.loadModel(source.lastEpoch(), options());
    }

    /** One line for the console, e.g. {@code fine-tuning runs/x (epoch 5): statistics frozen}. */
    public String describe() {
        return "fine-tuning "
                + source.directory()
                + " (epoch "
                + source.lastEpoch()
                + "): statistics "
                + (freezeStatistics ? "frozen" : "trained")
                + ", γ and β "
                + (!source.network().learnedAffine()
                        ? "fixed"
                        : freezeAffine ? "frozen" : "trained");
    }

    /**
     * What the new run's {@code config.json} carries besides its training settings: the batch-norm
     * options with the freezing, and {@value #FINE_TUNED_FROM} (source directory, epoch, network,
     * what is frozen).
     */
    public RunConfig carried() {
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("run", source.directory().toAbsolutePath().normalize().toString());
        from.put("epoch", source.lastEpoch());
        from.put("network", source.network().toString());
        from.put("freezeStatistics", freezeStatistics);
        from.put("freezeAffine", freezeAffine);
        Map<String, Object> entries = new LinkedHashMap<>();
        entries.put(SavedRun.SCRATCH_OPTIONS, options());
        entries.put(FINE_TUNED_FROM, from);
        return RunConfig.of(entries);
    }

    /** The source's from-scratch batch-norm options with the freezing added. */
    private JsonObject options() {
        JsonElement own = source.config().get(SavedRun.SCRATCH_OPTIONS);
        JsonObject options =
                own != null && own.isJsonObject() ? own.getAsJsonObject() : new JsonObject();
        if (freezeStatistics) {
            options.addProperty("freezeStatistics", true);
        }
        if (freezeAffine) {
            options.addProperty("freezeAffine", true);
        }
        return options;
    }
}
