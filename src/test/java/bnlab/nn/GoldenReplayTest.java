package bnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every case of one golden file of {@code src/test/python/make_golden.py} once in float32
 * and once in float64, with the helpers of {@link GoldenPyTorchTest}; a subclass says how one case
 * is replayed.
 */
abstract class GoldenReplayTest {

    private final String resource;
    private final int expectedCases;

    /**
     * @param resource the golden file, as a class-path resource
     * @param expectedCases how many cases it must hold, which guards against an accidentally
     *     truncated regeneration
     */
    GoldenReplayTest(String resource, int expectedCases) {
        this.resource = resource;
        this.expectedCases = expectedCases;
    }

    /** Replays case {@code c} in data type {@code dt}, failing where it differs from the file. */
    abstract void replay(JsonObject c, DataType dt);

    /** One container per case with a float32 and a float64 test. */
    @TestFactory
    Stream<DynamicNode> goldenCases() {
        JsonArray all = GoldenPyTorchTest.readCases(resource);
        assertEquals(expectedCases, all.size(), resource + " cases");
        List<DynamicNode> nodes = new ArrayList<>();
        for (JsonElement e : all) {
            JsonObject c = e.getAsJsonObject();
            List<DynamicTest> perType = new ArrayList<>();
            for (DataType dt : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                perType.add(DynamicTest.dynamicTest(dt.toString(), () -> replay(c, dt)));
            }
            nodes.add(
                    DynamicContainer.dynamicContainer(
                            c.get("name").getAsString(), perType.stream()));
        }
        return nodes.stream();
    }
}
