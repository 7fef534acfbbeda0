package bnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.testing.RealData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checks the real files (CI installs the Debian package {@code dataset-fashion-mnist}). */
@ExtendWith(RealData.class)
class FashionMnistRealDataIT {
    private static FashionMnist data;

    @BeforeAll
    static void locate() {
        data = RealData.fashionMnist();
    }

    @Test
    void trainIsThe60000TrainingImages() {
        long start = System.nanoTime();
        Split train = data.train();
        System.out.printf("loaded %s in %d ms%n", train, (System.nanoTime() - start) / 1_000_000);
        assertEquals(60_000, train.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertEquals(60_000 * 28 * 28, train.pixels().length);
        assertEquals(60_000, train.labels().length);
        assertEquals(data.directory().resolve(FashionMnist.TRAIN_IMAGES), train.imagesFile());
        int[] perClass = new int[10];
        Arrays.fill(perClass, 6_000);
        assertEquals(Arrays.toString(perClass), Arrays.toString(train.classCounts()));
    }

    @Test
    void testIsThe10000T10kImages() {
        Split test = data.test();
        assertEquals(10_000, test.count());
        assertEquals(28, test.rows());
        assertEquals(28, test.cols());
        assertEquals(10_000, test.labels().length);
        int[] perClass = new int[10];
        Arrays.fill(perClass, 1_000);
        assertEquals(Arrays.toString(perClass), Arrays.toString(test.classCounts()));
    }

    @Test
    void allFourOfficialChecksumsVerify() {
        // Debian recompressed the .gz files, so here it is the decompressed content that matches.
        List<ChecksumCheck> checks = data.verifyChecksums();
        System.out.println(checks);
        assertEquals(4, checks.size());
        assertTrue(checks.stream().allMatch(ChecksumCheck::ok), checks::toString);
    }
}
