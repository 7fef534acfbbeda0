package bnlab.data;

import static bnlab.data.FashionMnist.FILE_NAMES;
import static bnlab.data.FashionMnist.TEST_IMAGES;
import static bnlab.data.FashionMnist.TEST_LABELS;
import static bnlab.data.FashionMnist.TRAIN_IMAGES;
import static bnlab.data.FashionMnist.TRAIN_LABELS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistLocateTest {
    private static final Map<String, byte[]> FILES = Fixtures.tinyDataSet();
    private static final String[] ALL = FILE_NAMES.toArray(String[]::new);

    @TempDir Path root;
    private Path explicit;
    private Path env;
    private Path home;
    private Path system;
    private DataConfig config;

    @BeforeEach
    void setUp() throws IOException {
        explicit = root.resolve("explicit");
        env = root.resolve("env");
        home = root.resolve("home");
        system = root.resolve("system");
        config =
                new DataConfig(
                        null,
                        Map.of(),
                        home,
                        system,
                        closedPort(),
                        Duration.ofSeconds(2),
                        Fixtures.md5s(FILES),
                        Fixtures.contentMd5s(FILES));
    }

    /**
     * A URL nothing listens on, so an accidental download fails fast instead of reaching the
     * internet.
     */
    static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + "/fashion/");
        }
    }

    private Path cache() {
        return config.cacheDir();
    }

    private void populateAll() {
        Fixtures.populate(explicit, FILES, ALL);
        Fixtures.populate(env, FILES, ALL);
        Fixtures.populate(cache(), FILES, ALL);
        Fixtures.populate(system, FILES, ALL);
    }

    @Test
    void cacheDirIsBelowHome() {
        assertEquals(home.resolve(".cache/bnlab/fashion-mnist"), cache());
    }

    @Test
    void explicitDirWinsOverEverything() {
        populateAll();
        FashionMnist data =
                FashionMnist.locate(
                        config.withDataDir(explicit)
                                .withEnv(Map.of("FASHION_MNIST_DIR", env.toString())));
        assertEquals(explicit, data.directory());
        assertEquals(FashionMnist.GIVEN_DIRECTORY, data.origin());
        assertEquals("Fashion-MNIST in " + explicit + " (given directory)", data.describe());
    }

    @Test
    void envWinsOverCacheAndSystem() {
        populateAll();
        FashionMnist data =
                FashionMnist.locate(config.withEnv(Map.of("FASHION_MNIST_DIR", env.toString())));
        assertEquals(env, data.directory());
        assertEquals("$FASHION_MNIST_DIR", data.origin());
    }

    @Test
    void cacheWinsOverSystem() {
        populateAll();
        FashionMnist data = FashionMnist.locate(config);
        assertEquals(cache(), data.directory());
        assertEquals("cache directory", data.origin());
    }

    @Test
    void systemDirIsTheLastLocalPlace() {
        Fixtures.populate(system, FILES, ALL);
        FashionMnist data = FashionMnist.locate(config.withEnv(Map.of("FASHION_MNIST_DIR", "  ")));
        assertEquals(system, data.directory());
        assertEquals("system directory", data.origin());
    }

    @Test
    void incompleteEnvAndCacheAreSkipped() {
        Fixtures.populate(env, FILES, TRAIN_IMAGES);
        Fixtures.populate(cache(), FILES, TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES);
        Fixtures.populate(system, FILES, ALL);
        FashionMnist data =
                FashionMnist.locate(config.withEnv(Map.of("FASHION_MNIST_DIR", env.toString())));
        assertEquals(system, data.directory());
    }

    @Test
    void partialExplicitDirNamesMissingFilesAndDoesNotFallBack() {
        Fixtures.populate(explicit, FILES, TRAIN_IMAGES, TEST_LABELS);
        Fixtures.populate(system, FILES, ALL);
        DataUnavailableException e =
                assertThrows(
                        DataUnavailableException.class,
                        () -> FashionMnist.locate(config.withDataDir(explicit)));
        assertEquals(
                explicit
                        + ": expected the 4 Fashion-MNIST files, found 2; missing "
                        + TRAIN_LABELS
                        + ", "
                        + TEST_IMAGES,
                e.getMessage());
    }

    @Test
    void missingExplicitDirNamesAllFiles() {
        DataUnavailableException e =
                assertThrows(
                        DataUnavailableException.class,
                        () -> FashionMnist.locate(config.withDataDir(root.resolve("nowhere"))));
        assertTrue(
                e.getMessage().endsWith("found 0; missing " + String.join(", ", FILE_NAMES)),
                e.getMessage());
    }

    @Test
    void offlineMessageListsPlacesTriedAndTheFailedDownload() {
        Fixtures.populate(env, FILES, TRAIN_IMAGES);
        Fixtures.populate(system, FILES, TRAIN_LABELS, TEST_LABELS);
        DataUnavailableException e =
                assertThrows(
                        DataUnavailableException.class,
                        () ->
                                FashionMnist.locate(
                                        config.withEnv(
                                                Map.of("FASHION_MNIST_DIR", env.toString()))));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(
                m.startsWith(
                        "Fashion-MNIST not found: tried $FASHION_MNIST_DIR "
                                + env
                                + " (missing "
                                + TRAIN_LABELS
                                + ", "
                                + TEST_IMAGES
                                + ", "
                                + TEST_LABELS
                                + "); cache directory "
                                + cache()
                                + " (does not exist); system directory "
                                + system
                                + " (missing "
                                + TRAIN_IMAGES
                                + ", "
                                + TEST_IMAGES
                                + "); then download of "
                                + config.downloadBase()
                                + TRAIN_IMAGES
                                + " failed: "),
                m);
        // how to get the data is the front end's to say (the command line names its options)
        assertFalse(m.contains("--data-dir"), m);
        assertTrue(((DataNotFoundException) e).downloadTried(), m);
        assertArrayEquals(new String[0], Fixtures.listing(cache()));
    }

    @Test
    void offlineMessageSaysWhenEnvIsUnset() {
        DataUnavailableException e =
                assertThrows(DataUnavailableException.class, () -> FashionMnist.locate(config));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "Fashion-MNIST not found: tried $FASHION_MNIST_DIR (not set); "),
                e.getMessage());
    }

    @Test
    void findNeverDownloadsAndSaysWhatWasTried() {
        Fixtures.populate(system, FILES, TRAIN_LABELS);
        DataUnavailableException e =
                assertThrows(DataUnavailableException.class, () -> FashionMnist.find(config));
        String m = e.getMessage();
        assertTrue(
                m.startsWith(
                        "Fashion-MNIST not found: tried $FASHION_MNIST_DIR (not set); cache directory "
                                + cache()
                                + " (does not exist); system directory "
                                + system
                                + " (missing "),
                m);
        assertFalse(m.contains("download of"), m);
        assertFalse(((DataNotFoundException) e).downloadTried(), m);
        assertFalse(Files.exists(cache()), "find must not create the cache");
        Fixtures.populate(system, FILES, ALL);
        assertEquals(system, FashionMnist.find(config).directory());
    }

    @Test
    void trainIsTheTrainSplitAndTestTheT10kSplitEachReadOnce() {
        Fixtures.populate(system, FILES, ALL);
        FashionMnist data = FashionMnist.locate(config);
        Split train = data.train();
        assertEquals("train", train.name());
        assertEquals(Fixtures.TRAIN_COUNT, train.count());
        assertEquals(system.resolve(TRAIN_IMAGES), train.imagesFile());
        assertEquals(Fixtures.TEST_COUNT, data.test().count());
        assertEquals(system.resolve(TEST_LABELS), data.test().labelsFile());
        assertSame(train, data.train());
        assertSame(data.test(), data.test());
    }

    @Test
    void verifyChecksumsReportsMatchesAndMismatches() {
        Fixtures.populate(system, FILES, ALL);
        List<ChecksumCheck> ok = FashionMnist.locate(config).verifyChecksums();
        assertEquals(4, ok.size());
        assertTrue(ok.stream().allMatch(ChecksumCheck::ok), ok::toString);
        assertEquals(
                "OK " + system.resolve(TRAIN_IMAGES) + " " + Fixtures.md5(FILES.get(TRAIN_IMAGES)),
                ok.get(0).toString());

        // Local files need not be the official ones to be used, but verification says so.
        List<ChecksumCheck> official =
                FashionMnist.locate(
                                config.withMd5(FashionMnist.MD5)
                                        .withContentMd5(FashionMnist.CONTENT_MD5))
                        .verifyChecksums();
        assertTrue(official.stream().noneMatch(ChecksumCheck::ok), official::toString);
        assertEquals(
                "MISMATCH "
                        + system.resolve(TEST_LABELS)
                        + ": expected MD5 bb300cfdad3c16e7a12a480ee83cd310"
                        + " (content 15d484375f8d13e6eb1aabb0c3f46965), found "
                        + Fixtures.md5(FILES.get(TEST_LABELS))
                        + " (content "
                        + Fixtures.md5(Fixtures.gunzip(FILES.get(TEST_LABELS)))
                        + ")",
                official.get(3).toString());
    }

    @Test
    void verifyChecksumsAcceptsRecompressedOfficialContent() {
        Map<String, byte[]> repacked = Fixtures.recompressed(FILES);
        Fixtures.populate(system, repacked, ALL);
        List<ChecksumCheck> checks = FashionMnist.locate(config).verifyChecksums();
        assertTrue(checks.stream().allMatch(ChecksumCheck::ok), checks::toString);
        String gz = Fixtures.md5(repacked.get(TRAIN_IMAGES));
        assertEquals(
                "OK "
                        + system.resolve(TRAIN_IMAGES)
                        + ": recompressed (MD5 "
                        + gz
                        + ", official "
                        + Fixtures.md5(FILES.get(TRAIN_IMAGES))
                        + "), decompressed content has the official MD5 "
                        + Fixtures.md5(Fixtures.gunzip(FILES.get(TRAIN_IMAGES))),
                checks.get(0).toString());
    }
}
