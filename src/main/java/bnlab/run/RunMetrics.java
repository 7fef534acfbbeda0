package bnlab.run;

import bnlab.train.EpochMetrics;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-epoch metrics of a run as {@code metrics.json} ({@code {"epochs": [...]}}, one {@link
 * EpochMetrics} object per completed epoch) and {@code metrics.csv} hold them: the only reader and
 * writer of both.
 */
public final class RunMetrics {

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private RunMetrics() {}

    /**
     * The epochs in {@code file}, in order 1, 2, ...; possibly none.
     *
     * @throws SavedRunException naming the file (and the entry) if it is unreadable, not JSON, has
     *     no {@code epochs} array, or an entry is invalid or out of order
     */
    public static List<EpochMetrics> read(Path file) {
        JsonElement epochs = RunConfig.readObject(file).get("epochs");
        if (epochs == null || !epochs.isJsonArray()) {
            throw new SavedRunException(file + ": expected an 'epochs' array");
        }
        List<EpochMetrics> metrics = new ArrayList<>();
        JsonArray array = epochs.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            EpochMetrics m;
            try {
                m = epoch(array.get(i).getAsJsonObject());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new SavedRunException(
                        file + ": epoch entry " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (m.epoch() != i + 1) {
                throw new SavedRunException(
                        file
                                + ": expected epoch "
                                + (i + 1)
                                + " at entry "
                                + (i + 1)
                                + ", found "
                                + m.epoch());
            }
            metrics.add(m);
        }
        return List.copyOf(metrics);
    }

    /**
     * One entry, its ranges checked by {@link EpochMetrics}; the loss and the time must also be
     * finite, as training writes them (it stops at a non-finite loss), since JSON cannot hold
     * anything else and a resumed run rewrites the file.
     */
    private static EpochMetrics epoch(JsonObject m) {
        return new EpochMetrics(
                number(m, "epoch").intValue(),
                finite(m, "loss"),
                number(m, "trainAccuracy").doubleValue(),
                number(m, "testAccuracy").doubleValue(),
                finite(m, "seconds"));
    }

    private static double finite(JsonObject object, String key) {
        double value = number(object, key).doubleValue();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("'" + key + "' must be finite, got " + value);
        }
        return value;
    }

    private static Number number(JsonObject object, String key) {
        JsonElement value = object.get(key);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("'" + key + "' missing or not a number");
        }
        return value.getAsNumber();
    }

    /** {@code metrics.json} of {@code epochs}. */
    static byte[] toJson(List<EpochMetrics> epochs) {
        return (GSON.toJson(Map.of("epochs", epochs)) + System.lineSeparator())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code metrics.csv} of {@code epochs}: a header, then one row per epoch. */
    static byte[] toCsv(List<EpochMetrics> epochs) {
        StringBuilder csv = new StringBuilder("epoch,loss,train_acc,test_acc,seconds\n");
        for (EpochMetrics m : epochs) {
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%d,%.6f,%.6f,%.6f,%.3f\n",
                            m.epoch(),
                            m.loss(),
                            m.trainAccuracy(),
                            m.testAccuracy(),
                            m.seconds()));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
