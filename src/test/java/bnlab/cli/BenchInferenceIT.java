package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code bench --inference}: the unfolded and folded model side by side, with few batches. */
@ExtendWith(RealData.class)
class BenchInferenceIT {

    @Test
    void measuresAFreshModelAndItsFoldedCopy() {
        CommandRunner r =
                CommandRunner.runLine(
                                "bench --inference --variant scratch --warmup 2 --steps 3"
                                        + " --batch-size 64")
                        .assertSuccess();
        Matcher m =
                Pattern.compile(
                                "scratch \\(fresh, 2 steps\\)\\s+(\\d+)\\s+(\\d+)\\s+"
                                        + "(\\d+\\.\\d\\d)x")
                        .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(2)) > 0, r.out());
    }

    @Test
    void plainAloneHasNothingToFold() {
        CommandRunner r =
                CommandRunner.runLine("bench --inference --variant plain --warmup 0 --steps 1");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("nothing to fold"), r.err());
    }

    @Test
    void runWithoutInferenceIsAUsageError() {
        CommandRunner r = CommandRunner.runLine("bench --run somewhere");
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("--run is only for --inference"), r.err());
    }
}
