package bnlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Summaries of Chrome traces: self time is what nested operators leave of an operator's time. */
class OpProfileTest {

    private static String event(String name, double ts, double dur, int tid) {
        return "{\"name\": \""
                + name
                + "\", \"ph\": \"X\", \"ts\": "
                + ts
                + ", \"dur\": "
                + dur
                + ", \"tid\": "
                + tid
                + ", \"pid\": \"CPU Functions\"}";
    }

    /** A JSON array of the given events. */
    private static String array(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    private static Map<String, OpStat> byName(OpProfile p) {
        return p.ops().stream().collect(Collectors.toMap(OpStat::name, Function.identity()));
    }

    @Test
    void nestedEventsAreSubtractedFromTheirParentOnly() {
        // two steps of: conv (1000 µs) calling mkldnn (600 µs) calling empty (100 µs); then an
        // unrelated sigmoid (200 µs) that starts exactly where conv ends
        String trace =
                array(
                        event("aten::convolution", 0, 1000, 1),
                        event("aten::mkldnn_convolution", 100, 600, 1),
                        event("aten::empty", 150, 100, 1),
                        event("aten::sigmoid", 1000, 200, 1),
                        event("aten::convolution", 2000, 1000, 1),
                        event("aten::mkldnn_convolution", 2100, 600, 1),
                        event("aten::empty", 2150, 100, 1),
                        event("aten::sigmoid", 3000, 200, 1));
        OpProfile p = OpProfile.fromChromeTrace(trace, 2, 5);
        Map<String, OpStat> ops = byName(p);
        assertEquals(0.4, ops.get("aten::convolution").selfMsPerStep(), 1e-9);
        assertEquals(1.0, ops.get("aten::convolution").totalMsPerStep(), 1e-9);
        assertEquals(0.5, ops.get("aten::mkldnn_convolution").selfMsPerStep(), 1e-9);
        assertEquals(0.1, ops.get("aten::empty").selfMsPerStep(), 1e-9);
        assertEquals(0.2, ops.get("aten::sigmoid").selfMsPerStep(), 1e-9);
        assertEquals(1.0, ops.get("aten::sigmoid").callsPerStep(), 1e-9);
        // self times add up to the time covered by top-level events, nothing counted twice
        assertEquals(1.2, p.opMsPerStep(), 1e-9);
        assertEquals("aten::mkldnn_convolution", p.ops().get(0).name());
        assertEquals(5, p.faultsPerStep());
    }

    @Test
    void threadsAreNestedSeparatelyAndOtherEventsIgnored() {
        String trace =
                "{\"traceEvents\": "
                        + array(
                                event("autograd::engine::evaluate_function: X", 0, 500, 2),
                                event("aten::sigmoid_backward", 0, 300, 2),
                                event("aten::add", 0, 400, 1),
                                "{\"name\": \"flow\", \"ph\": \"s\", \"ts\": 0, \"tid\": 1}")
                        + "}";
        Map<String, OpStat> ops = byName(OpProfile.fromChromeTrace(trace, 1, Double.NaN));
        assertEquals(0.2, ops.get("autograd::engine::evaluate_function: X").selfMsPerStep(), 1e-9);
        assertEquals(0.3, ops.get("aten::sigmoid_backward").selfMsPerStep(), 1e-9);
        // on another thread: not nested in the 500 µs event although it overlaps it in time
        assertEquals(0.4, ops.get("aten::add").selfMsPerStep(), 1e-9);
        assertEquals(3, ops.size());
    }

    @Test
    void whatIsNotATraceIsRefusedWithTheReason() {
        IllegalArgumentException notJson =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OpProfile.fromChromeTrace("[{", 1, 0));
        assertTrue(notJson.getMessage().startsWith("not a JSON trace"), notJson.getMessage());
        IllegalArgumentException wrongShape =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OpProfile.fromChromeTrace("{\"events\": []}", 1, 0));
        assertTrue(wrongShape.getMessage().contains("traceEvents"), wrongShape.getMessage());
        IllegalArgumentException empty =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> OpProfile.fromChromeTrace("[]", 1, 0));
        assertTrue(empty.getMessage().contains("no complete"), empty.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> OpProfile.fromChromeTrace(array(event("a", 0, 1, 1)), 0, 0));
    }
}
