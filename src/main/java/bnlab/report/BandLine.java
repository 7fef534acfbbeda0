package bnlab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@link IntervalCharts#bands}: a name and its points, each an x with a mean and the
 * ends of its 95% interval (NaN where there is none).
 */
public final class BandLine {

    private final String name;
    private final List<double[]> points = new ArrayList<>();

    /** An empty line called {@code name}. */
    public BandLine(String name) {
        this.name = name;
    }

    /** Adds the point at {@code x}: its mean and interval; returns this line. */
    public BandLine add(double x, double mean, double low, double high) {
        points.add(new double[] {x, mean, low, high});
        return this;
    }

    /** The line's name. */
    public String name() {
        return name;
    }

    /** The points in the order added, each {x, mean, low, high}. */
    List<double[]> points() {
        return points;
    }
}
