package bnlab.study;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A question about batch norm and how to answer it with evidence: the configurations to train, the
 * measures to record beyond {@link Measures#STANDARD}, how many seeds and epochs by default and in
 * the seconds-long {@code --quick} version, and how to turn the measured figures into a
 * plain-language answer. Made with {@link #builder()}.
 */
public final class Study {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern MEASURE = Pattern.compile("[a-z][a-z0-9_]*");

    private final String name;
    private final String description;
    private final String question;
    private final List<StudyConfig> configs;
    private final List<String> measures;
    private final StudyPlan defaults;
    private final StudyPlan quick;
    private final Function<StudyResults, String> answer;
    private final List<ChartMaker> charts;

    private Study(Builder b) {
        this.name = b.name;
        this.description = b.description;
        this.question = b.question;
        this.configs = List.copyOf(b.configs);
        this.measures = List.copyOf(b.measures);
        this.defaults = b.defaults;
        this.quick = b.quick;
        this.answer = b.answer;
        this.charts = List.copyOf(b.charts);
    }

    /** A builder; name, description, question, configs, defaults, quick and answer are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The name on the command line, e.g. {@code bias}. */
    public String name() {
        return name;
    }

    /** One line for {@code bnlab study --list}. */
    public String description() {
        return description;
    }

    /** The question as the book states it. */
    public String question() {
        return question;
    }

    /** The configurations, in the order of tables and charts. */
    public List<StudyConfig> configs() {
        return configs;
    }

    /** The extra measures each network records, in the order of their CSV columns. */
    public List<String> measures() {
        return measures;
    }

    /** The measures of {@code summary.csv}: test_acc, train_acc, loss, then the extra ones. */
    public List<String> summaryMeasures() {
        List<String> all =
                new ArrayList<>(List.of(Measures.TEST_ACC, Measures.TRAIN_ACC, Measures.LOSS));
        all.addAll(measures);
        return List.copyOf(all);
    }

    /** Seeds, epochs and batches of a full run. */
    public StudyPlan defaults() {
        return defaults;
    }

    /** Seeds, epochs and batches of the seconds-long {@code --quick} run. */
    public StudyPlan quick() {
        return quick;
    }

    /** The plain-language answer that the measured {@code results} support. */
    public String answer(StudyResults results) {
        return answer.apply(results);
    }

    /** The charts this study draws beyond the standard ones, in the order of the report. */
    public List<ChartMaker> charts() {
        return charts;
    }

    /** The configuration named {@code config}. */
    public StudyConfig config(String config) {
        return configs.stream()
                .filter(c -> c.name().equals(config))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "study " + name + " has no configuration " + config));
    }

    /** Builds a {@link Study}, validating it in {@link #build()}. */
    public static final class Builder {
        private String name;
        private String description;
        private String question;
        private final List<StudyConfig> configs = new ArrayList<>();
        private final List<String> measures = new ArrayList<>();
        private StudyPlan defaults;
        private StudyPlan quick;
        private Function<StudyResults, String> answer;
        private final List<ChartMaker> charts = new ArrayList<>();

        private Builder() {}

        /** Required: lower-case letters, digits and hyphens, e.g. {@code fixed-affine}. */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /** Required: one line. */
        public Builder setDescription(String description) {
            this.description = description;
            return this;
        }

        /** Required: the question as the book states it. */
        public Builder setQuestion(String question) {
            this.question = question;
            return this;
        }

        /** Required, at least two: the configurations, names unique. */
        public Builder setConfigs(List<StudyConfig> configs) {
            this.configs.clear();
            this.configs.addAll(configs);
            return this;
        }

        /**
         * Optional: extra measures (lower-case, digits, underscores), beyond the standard three.
         */
        public Builder optMeasures(List<String> measures) {
            this.measures.clear();
            this.measures.addAll(measures);
            return this;
        }

        /** Required: the full run's seeds, epochs and batches. */
        public Builder setDefaults(StudyPlan defaults) {
            this.defaults = defaults;
            return this;
        }

        /** Required: the seconds-long {@code --quick} run's seeds, epochs and batches. */
        public Builder setQuick(StudyPlan quick) {
            this.quick = quick;
            return this;
        }

        /** Required: from the measured results to the answer's text. */
        public Builder setAnswer(Function<StudyResults, String> answer) {
            this.answer = answer;
            return this;
        }

        /** Optional: charts beyond the standard ones, drawn after them. */
        public Builder optCharts(List<ChartMaker> charts) {
            this.charts.clear();
            this.charts.addAll(charts);
            return this;
        }

        /** The study; throws naming the first missing or bad field. */
        public Study build() {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "name must be lower-case letters, digits and hyphens, got " + name);
            }
            requireLine("description", description);
            requireLine("question", question);
            if (configs.size() < 2) {
                throw new IllegalArgumentException(
                        "configs: study " + name + " needs at least two to compare");
            }
            Set<String> seen = new HashSet<>();
            for (StudyConfig c : configs) {
                if (!seen.add(Objects.requireNonNull(c, "configs: null entry").name())) {
                    throw new IllegalArgumentException("configs: " + c.name() + " appears twice");
                }
            }
            Set<String> measureNames = new HashSet<>(Measures.STANDARD);
            for (String m : measures) {
                if (m == null || !MEASURE.matcher(m).matches() || !measureNames.add(m)) {
                    throw new IllegalArgumentException(
                            "measures: '" + m + "' is not a new lower_case name");
                }
            }
            if (defaults == null || quick == null || answer == null) {
                throw new IllegalArgumentException(
                        (defaults == null ? "defaults" : quick == null ? "quick" : "answer")
                                + " is required for study "
                                + name);
            }
            return new Study(this);
        }

        private void requireLine(String field, String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(field + " is required for study " + name);
            }
            if (field.equals("description") && text.contains("\n")) {
                throw new IllegalArgumentException("description must be one line");
            }
        }
    }
}
