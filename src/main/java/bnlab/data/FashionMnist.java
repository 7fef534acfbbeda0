package bnlab.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The Fashion-MNIST data set: its constants, where its four files are, and its two splits.
 *
 * <p>{@link #locate(DataConfig)} looks in order in: the explicit directory ({@code dataDir} of the
 * configuration), the directory in {@code $FASHION_MNIST_DIR}, the cache {@code
 * ~/.cache/bnlab/fashion-mnist}, the Debian package's {@code /usr/share/datasets/fashion-mnist}; if
 * none holds all four files it downloads them into the cache. Files found locally are not required
 * to match the official checksums (see {@link #verifyChecksums()}); downloaded files are.
 *
 * <p>Errors are {@link DataUnavailableException} (cannot find, read or download) and {@link
 * DataFormatException} (bad content), with one-line messages.
 */
public final class FashionMnist {
    /** Images are {@code IMAGE_SIZE x IMAGE_SIZE} grayscale pixels. */
    public static final int IMAGE_SIZE = 28;

    /** Number of classes; labels are 0..NUM_CLASSES-1. */
    public static final int NUM_CLASSES = 10;

    /** Class names, indexed by label. */
    public static final List<String> CLASS_NAMES =
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot");

    /** Training images file: 60,000 images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";

    /** Training labels file: 60,000 labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";

    /** Test images file: 10,000 images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";

    /** Test labels file: 10,000 labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    /** The four files, in download order. */
    public static final List<String> FILE_NAMES =
            List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** Official MD5 of each file, by file name. */
    public static final Map<String, String> MD5 =
            Map.of(
                    TRAIN_IMAGES, "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                    TRAIN_LABELS, "25c81989df183df01b3e8a0aad5dffbe",
                    TEST_IMAGES, "bef4ecab320f06d8554ea6380940ec79",
                    TEST_LABELS, "bb300cfdad3c16e7a12a480ee83cd310");

    /**
     * MD5 of each file's decompressed content, by (.gz) file name. Repackaged copies may be
     * recompressed, changing the .gz bytes but not the data: Debian's {@code dataset-fashion-mnist}
     * matches these, not {@link #MD5}.
     */
    public static final Map<String, String> CONTENT_MD5 =
            Map.of(
                    TRAIN_IMAGES, "f4a8712d7a061bf5bd6d2ca38dc4d50a",
                    TRAIN_LABELS, "9018921c3c673c538a1fc5bad174d6f9",
                    TEST_IMAGES, "8181f5470baa50b63fa0f6fddb340f0a",
                    TEST_LABELS, "15d484375f8d13e6eb1aabb0c3f46965");

    /** Environment variable naming a directory that holds the four files. */
    public static final String ENV_DIR = "FASHION_MNIST_DIR";

    /** {@link #origin()} of the directory the configuration names ({@code dataDir}). */
    public static final String GIVEN_DIRECTORY = "given directory";

    /** Download cache, relative to the home directory. */
    public static final Path CACHE_SUBDIR = Path.of(".cache", "bnlab", "fashion-mnist");

    /** Where the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Canonical download location of the four files. */
    public static final URI DOWNLOAD_BASE =
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** Default limit for connecting and for receiving response headers when downloading. */
    public static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    private final DataConfig config;
    private final Path directory;
    private final String origin;
    private Split train;
    private Split test;

    private FashionMnist(DataConfig config, Path directory, String origin) {
        this.config = config;
        this.directory = directory;
        this.origin = origin;
    }

    /**
     * Finds the four files, downloading them into the cache if no directory holds them all.
     *
     * @param config search inputs; {@link DataConfig#defaults(Path)} for the real ones
     * @return the data set in the first directory holding all four files (nothing is read yet)
     * @throws DataUnavailableException if the explicit directory lacks any file (naming those
     *     missing), or {@link DataNotFoundException} if nothing was found and the download failed
     *     (listing the places tried)
     */
    public static FashionMnist locate(DataConfig config) {
        return search(config, true);
    }

    /**
     * Finds the four files as {@link #locate} does, but never downloads: for showing where the data
     * is, or why it is not there.
     *
     * @throws DataUnavailableException if the explicit directory lacks any file, or {@link
     *     DataNotFoundException} naming the places tried
     */
    public static FashionMnist find(DataConfig config) {
        return search(config, false);
    }

    private static FashionMnist search(DataConfig config, boolean download) {
        if (config.dataDir() != null) {
            // An explicit choice must not silently fall back to some other copy.
            Path dir = config.dataDir();
            List<String> missing = missing(dir);
            if (!missing.isEmpty()) {
                throw new DataUnavailableException(
                        dir
                                + ": expected the "
                                + FILE_NAMES.size()
                                + " Fashion-MNIST files, found "
                                + (FILE_NAMES.size() - missing.size())
                                + "; missing "
                                + String.join(", ", missing));
            }
            return new FashionMnist(config, dir, GIVEN_DIRECTORY);
        }
        Map<String, Path> candidates = new LinkedHashMap<>();
        List<String> tried = new ArrayList<>();
        String env = config.env().get(ENV_DIR);
        if (env == null || env.isBlank()) {
            tried.add("$" + ENV_DIR + " (not set)");
        } else {
            candidates.put("$" + ENV_DIR, Path.of(env));
        }
        candidates.put("cache directory", config.cacheDir());
        candidates.put("system directory", config.systemDir());
        for (Map.Entry<String, Path> c : candidates.entrySet()) {
            Path dir = c.getValue();
            List<String> missing = missing(dir);
            if (missing.isEmpty()) {
                return new FashionMnist(config, dir, c.getKey());
            }
            tried.add(
                    c.getKey()
                            + " "
                            + dir
                            + " ("
                            + (!Files.isDirectory(dir)
                                    ? "does not exist"
                                    : missing.size() == FILE_NAMES.size()
                                            ? "no Fashion-MNIST files"
                                            : "missing " + String.join(", ", missing))
                            + ")");
        }
        if (!download) {
            throw new DataNotFoundException(
                    "Fashion-MNIST not found: tried " + String.join("; ", tried), false, null);
        }
        try {
            return new FashionMnist(config, download(config), "downloaded into cache directory");
        } catch (DataUnavailableException e) {
            throw new DataNotFoundException(
                    "Fashion-MNIST not found: tried "
                            + String.join("; ", tried)
                            + "; then "
                            + e.getMessage(),
                    true,
                    e);
        }
    }

    /**
     * Downloads the four official files into {@code config.dataDir()}, or into the cache directory
     * if that is {@code null}. Files already there with the expected MD5 are kept. Each file is
     * written to a temporary file in the same directory, its MD5 checked, and only when all are
     * complete and verified are they renamed into place atomically; on any failure the temporary
     * files are deleted, so the directory only ever gains complete, verified files.
     *
     * @param config download base URL, timeout, expected checksums and target directory
     * @return the directory now holding the four verified files
     * @throws DataUnavailableException on an HTTP error status, connection failure, timeout,
     *     checksum mismatch or file system error, naming the URL (or directory) and the cause
     */
    public static Path download(DataConfig config) {
        Path dir = config.dataDir() != null ? config.dataDir() : config.cacheDir();
        Map<String, Path> fetched = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            HttpClient client =
                    HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .connectTimeout(config.httpTimeout())
                            .build();
            for (String name : FILE_NAMES) {
                Path target = dir.resolve(name);
                if (!(Files.isRegularFile(target)
                        && config.md5().get(name).equalsIgnoreCase(md5(target)))) {
                    fetched.put(name, fetch(client, config, name, dir));
                }
            }
            for (Map.Entry<String, Path> f : fetched.entrySet()) {
                Files.move(f.getValue(), dir.resolve(f.getKey()), StandardCopyOption.ATOMIC_MOVE);
            }
            return dir;
        } catch (IOException e) {
            throw new DataUnavailableException(dir + ": cannot store downloaded files: " + e, e);
        } finally {
            // Moved files are gone from their temporary names; whatever is left is incomplete.
            fetched.values().forEach(FashionMnist::deleteQuietly);
        }
    }

    // Downloads one file into a verified temporary file in dir and returns its path.
    private static Path fetch(HttpClient client, DataConfig config, String name, Path dir) {
        URI url = config.downloadBase().resolve(name);
        String expected = config.md5().get(name).toLowerCase(Locale.ROOT);
        // Not Files.createTempFile: its owner-only permissions would stick to the final file; this
        // honours the umask.
        Path tmp = dir.resolve("." + name + "." + UUID.randomUUID() + ".part");
        boolean done = false;
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(url).timeout(config.httpTimeout()).GET().build();
            HttpResponse<InputStream> response =
                    client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = newMd5();
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw downloadFailed(url, "HTTP status " + response.statusCode());
                }
                try (OutputStream out =
                        Files.newOutputStream(
                                tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = body.read(buf)) > 0; ) {
                        digest.update(buf, 0, n);
                        out.write(buf, 0, n);
                    }
                }
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expected)) {
                throw downloadFailed(
                        url, "MD5 mismatch: expected " + expected + ", found " + actual);
            }
            done = true;
            return tmp;
        } catch (IOException e) {
            throw downloadFailed(
                    url,
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw downloadFailed(url, "interrupted");
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    private static DataUnavailableException downloadFailed(URI url, String cause) {
        return new DataUnavailableException("download of " + url + " failed: " + cause);
    }

    private static List<String> missing(Path dir) {
        List<String> missing = new ArrayList<>();
        for (String name : FILE_NAMES) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static String md5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return md5(in);
        }
    }

    // MD5 of the decompressed content, or a description of why there is none (it then matches
    // nothing).
    private static String contentMd5(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return md5(in);
        } catch (ZipException | EOFException e) {
            return "no content MD5, bad gzip: " + e.getMessage();
        }
    }

    private static String md5(InputStream in) throws IOException {
        MessageDigest digest = newMd5();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            digest.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort while already failing; the original error is the one to report.
        }
    }

    /**
     * @return the directory holding the four files
     */
    public Path directory() {
        return directory;
    }

    /**
     * @return how the directory was chosen: {@value #GIVEN_DIRECTORY}, "$FASHION_MNIST_DIR", "cache
     *     directory", "system directory" or "downloaded into cache directory"
     */
    public String origin() {
        return origin;
    }

    /**
     * @return one line for {@code bnlab data}: "Fashion-MNIST in DIR (ORIGIN)"
     */
    public String describe() {
        return "Fashion-MNIST in " + directory + " (" + origin + ")";
    }

    /**
     * Checks the four files against the expected MD5s of the configuration: a file passes if the
     * .gz matches {@link DataConfig#md5()} or, failing that, its decompressed content matches
     * {@link DataConfig#contentMd5()} (a recompressed copy of the same data).
     *
     * @return one result per file, in {@link #FILE_NAMES} order
     * @throws DataUnavailableException if a file cannot be read
     */
    public List<ChecksumCheck> verifyChecksums() {
        List<ChecksumCheck> checks = new ArrayList<>();
        for (String name : FILE_NAMES) {
            Path file = directory.resolve(name);
            try {
                String expected = config.md5().get(name);
                String actual = md5(file);
                // Decompressing costs time; only needed when the .gz itself is not the official
                // one.
                String content = expected.equalsIgnoreCase(actual) ? null : contentMd5(file);
                checks.add(
                        new ChecksumCheck(
                                file, expected, actual, config.contentMd5().get(name), content));
            } catch (IOException e) {
                throw new DataUnavailableException(file + ": cannot read: " + e, e);
            }
        }
        return checks;
    }

    /**
     * The training split, read on first use and kept.
     *
     * @return the 60,000 training images and labels (from the {@code train-*} files)
     * @throws DataFormatException if a file's content is invalid
     * @throws DataUnavailableException if a file cannot be read
     */
    public synchronized Split train() {
        if (train == null) {
            train = load("train", TRAIN_IMAGES, TRAIN_LABELS);
        }
        return train;
    }

    /**
     * The test split, read on first use and kept.
     *
     * @return the 10,000 test images and labels (from the {@code t10k-*} files)
     * @throws DataFormatException if a file's content is invalid
     * @throws DataUnavailableException if a file cannot be read
     */
    public synchronized Split test() {
        if (test == null) {
            test = load("test", TEST_IMAGES, TEST_LABELS);
        }
        return test;
    }

    private Split load(String name, String images, String labels) {
        return Split.of(
                name,
                IdxReader.read(directory.resolve(images), 3),
                IdxReader.read(directory.resolve(labels), 1));
    }

    @Override
    public String toString() {
        return describe();
    }
}
