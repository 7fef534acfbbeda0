package bnlab.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training step's time goes, operator by operator: the summary of a PyTorch profiler trace
 * (Chrome trace format, as {@code torch.profiler} and DJL's {@code JniUtils.stopProfile} write it).
 *
 * <p>Self time is an event's duration minus that of the events nested in it on the same thread, so
 * the self times add up to the time spent in operators without counting any of it twice.
 *
 * @param steps the number of profiled steps every figure is divided by
 * @param faultsPerStep minor page faults of the process per profiled step (NaN if unknown): the
 *     profiler's own allocations cause some, and an operator writing freshly mapped memory pays for
 *     them in its time
 * @param ops the operators, largest self time first
 */
public record OpProfile(int steps, double faultsPerStep, List<OpStat> ops) {

    /** Validates and copies. */
    public OpProfile {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        ops = List.copyOf(ops);
    }

    /** Operator time per step: the sum of all self times, ms. */
    public double opMsPerStep() {
        return ops.stream().mapToDouble(OpStat::selfMsPerStep).sum();
    }

    /**
     * Summarises a Chrome trace of {@code steps} steps.
     *
     * @param faultsPerStep page faults per step while the trace was recorded, or NaN
     * @param traceJson the trace: a JSON array of events, or an object whose {@code traceEvents} is
     *     one; complete events ({@code "ph": "X"}) with {@code name}, {@code ts}, {@code dur}
     *     (microseconds) and {@code tid} are counted, others ignored
     * @throws IllegalArgumentException if the text is not such a trace or holds no complete event
     */
    public static OpProfile fromChromeTrace(String traceJson, int steps, double faultsPerStep) {
        JsonArray events = eventsOf(traceJson);
        Map<String, List<Event>> byThread = new HashMap<>();
        for (JsonElement element : events) {
            if (!element.isJsonObject()) {
                continue;
            }
            JsonObject e = element.getAsJsonObject();
            if (!e.has("ph")
                    || !"X".equals(e.get("ph").getAsString())
                    || !e.has("name")
                    || !e.has("ts")
                    || !e.has("dur")) {
                continue;
            }
            String thread = e.has("tid") ? e.get("tid").getAsString() : "";
            byThread.computeIfAbsent(thread, t -> new ArrayList<>())
                    .add(
                            new Event(
                                    e.get("name").getAsString(),
                                    e.get("ts").getAsDouble(),
                                    e.get("dur").getAsDouble()));
        }
        if (byThread.isEmpty()) {
            throw new IllegalArgumentException("the trace holds no complete (\"ph\": \"X\") event");
        }
        Map<String, double[]> totals = new HashMap<>(); // name -> calls, self µs, total µs
        for (List<Event> thread : byThread.values()) {
            // parents first: earlier start, and at equal starts the longer event
            thread.sort(
                    Comparator.<Event>comparingDouble(e -> e.start)
                            .thenComparing(
                                    Comparator.<Event>comparingDouble(e -> e.duration).reversed()));
            Deque<Event> open = new ArrayDeque<>();
            for (Event e : thread) {
                while (!open.isEmpty() && open.peek().end() <= e.start) {
                    open.pop();
                }
                if (!open.isEmpty()) {
                    open.peek().self -= e.duration;
                }
                open.push(e);
            }
            for (Event e : thread) {
                double[] t = totals.computeIfAbsent(e.name, n -> new double[3]);
                t[0]++;
                t[1] += Math.max(0, e.self);
                t[2] += e.duration;
            }
        }
        List<OpStat> ops = new ArrayList<>();
        totals.forEach(
                (name, t) ->
                        ops.add(
                                new OpStat(
                                        name,
                                        t[0] / steps,
                                        t[1] / 1000 / steps,
                                        t[2] / 1000 / steps)));
        ops.sort(
                Comparator.comparingDouble(OpStat::selfMsPerStep)
                        .reversed()
                        .thenComparing(OpStat::name));
        return new OpProfile(steps, faultsPerStep, ops);
    }

    private static JsonArray eventsOf(String traceJson) {
        JsonElement root;
        try {
            root = JsonParser.parseString(traceJson);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON trace: " + e.getMessage(), e);
        }
        if (root.isJsonArray()) {
            return root.getAsJsonArray();
        }
        if (root.isJsonObject()
                && root.getAsJsonObject().has("traceEvents")
                && root.getAsJsonObject().get("traceEvents").isJsonArray()) {
            return root.getAsJsonObject().getAsJsonArray("traceEvents");
        }
        throw new IllegalArgumentException(
                "a Chrome trace is a JSON array of events or an object with \"traceEvents\"");
    }

    /** A complete event; {@code self} starts at the duration and loses each nested child's. */
    private static final class Event {
        private final String name;
        private final double start;
        private final double duration;
        private double self;

        Event(String name, double start, double duration) {
            this.name = name;
            this.start = start;
            this.duration = duration;
            this.self = duration;
        }

        double end() {
            return start + duration;
        }
    }
}
