package bnlab.data;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@link FashionMnist} looks for its files and how it downloads them. Every input of the
 * search is here, so tests can substitute temporary directories, a fake environment, a local HTTP
 * server and the checksums of tiny fixture files.
 *
 * @param dataDir explicit directory, searched alone (the command line's {@code --data-dir}); {@code
 *     null} if not given
 * @param env environment variables; only {@link FashionMnist#ENV_DIR} is read
 * @param homeDir home directory; the download cache is {@link #cacheDir()} below it
 * @param systemDir directory installed by the Debian package {@code dataset-fashion-mnist}
 * @param downloadBase base URL the four files are fetched from (a trailing "/" is added if missing)
 * @param httpTimeout limit for connecting and for receiving each response's headers
 * @param md5 expected lowercase-hex MD5 of each .gz file, by file name, for all of {@link
 *     FashionMnist#FILE_NAMES}; downloads must match it
 * @param contentMd5 expected MD5 of each file's decompressed content, by file name; accepted by
 *     {@link FashionMnist#verifyChecksums()} for recompressed copies such as Debian's
 */
public record DataConfig(
        Path dataDir,
        Map<String, String> env,
        Path homeDir,
        Path systemDir,
        URI downloadBase,
        Duration httpTimeout,
        Map<String, String> md5,
        Map<String, String> contentMd5) {

    /**
     * Validates, copies the maps and adds a trailing "/" to {@code downloadBase} if missing.
     *
     * @param dataDir explicit directory, or {@code null}
     * @param env environment variables
     * @param homeDir home directory
     * @param systemDir system directory
     * @param downloadBase base URL
     * @param httpTimeout HTTP timeout
     * @param md5 expected .gz MD5 per file name
     * @param contentMd5 expected content MD5 per file name
     * @throws IllegalArgumentException if a checksum map lacks one of the four files
     */
    public DataConfig {
        env = Map.copyOf(Objects.requireNonNull(env, "env"));
        Objects.requireNonNull(homeDir, "homeDir");
        Objects.requireNonNull(systemDir, "systemDir");
        Objects.requireNonNull(httpTimeout, "httpTimeout");
        md5 = checksums("md5", md5);
        contentMd5 = checksums("contentMd5", contentMd5);
        // URI.resolve drops the last path segment of a base without a trailing slash.
        String base = Objects.requireNonNull(downloadBase, "downloadBase").toString();
        downloadBase = base.endsWith("/") ? downloadBase : URI.create(base + "/");
    }

    private static Map<String, String> checksums(String what, Map<String, String> sums) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(sums, what));
        if (!copy.keySet().containsAll(FashionMnist.FILE_NAMES)) {
            throw new IllegalArgumentException(
                    what
                            + ": expected entries for "
                            + FashionMnist.FILE_NAMES
                            + ", found "
                            + copy.keySet());
        }
        return copy;
    }

    /**
     * The real configuration: this process's environment and home directory, the Debian package's
     * directory, the official download URL and checksums.
     *
     * @param dataDir explicit directory, or {@code null}
     * @return the configuration used by the CLI
     */
    public static DataConfig defaults(Path dataDir) {
        return new DataConfig(
                dataDir,
                System.getenv(),
                Path.of(System.getProperty("user.home")),
                FashionMnist.SYSTEM_DIR,
                FashionMnist.DOWNLOAD_BASE,
                FashionMnist.HTTP_TIMEOUT,
                FashionMnist.MD5,
                FashionMnist.CONTENT_MD5);
    }

    /**
     * @return the download cache, {@code homeDir/.cache/bnlab/fashion-mnist}
     */
    public Path cacheDir() {
        return homeDir.resolve(FashionMnist.CACHE_SUBDIR);
    }

    /**
     * @param dir explicit directory or {@code null}
     * @return a copy with that {@code dataDir}
     */
    public DataConfig withDataDir(Path dir) {
        return new DataConfig(
                dir, env, homeDir, systemDir, downloadBase, httpTimeout, md5, contentMd5);
    }

    /**
     * @param variables environment
     * @return a copy with that {@code env}
     */
    public DataConfig withEnv(Map<String, String> variables) {
        return new DataConfig(
                dataDir, variables, homeDir, systemDir, downloadBase, httpTimeout, md5, contentMd5);
    }

    /**
     * @param home home directory
     * @return a copy with that {@code homeDir}
     */
    public DataConfig withHomeDir(Path home) {
        return new DataConfig(
                dataDir, env, home, systemDir, downloadBase, httpTimeout, md5, contentMd5);
    }

    /**
     * @param dir system directory
     * @return a copy with that {@code systemDir}
     */
    public DataConfig withSystemDir(Path dir) {
        return new DataConfig(
                dataDir, env, homeDir, dir, downloadBase, httpTimeout, md5, contentMd5);
    }

    /**
     * @param base base URL
     * @return a copy with that {@code downloadBase}
     */
    public DataConfig withDownloadBase(URI base) {
        return new DataConfig(dataDir, env, homeDir, systemDir, base, httpTimeout, md5, contentMd5);
    }

    /**
     * @param timeout HTTP timeout
     * @return a copy with that {@code httpTimeout}
     */
    public DataConfig withHttpTimeout(Duration timeout) {
        return new DataConfig(
                dataDir, env, homeDir, systemDir, downloadBase, timeout, md5, contentMd5);
    }

    /**
     * @param checksums expected MD5 per file name
     * @return a copy with those {@code md5}
     */
    public DataConfig withMd5(Map<String, String> checksums) {
        return new DataConfig(
                dataDir, env, homeDir, systemDir, downloadBase, httpTimeout, checksums, contentMd5);
    }

    /**
     * @param checksums expected content MD5 per file name
     * @return a copy with those {@code contentMd5}
     */
    public DataConfig withContentMd5(Map<String, String> checksums) {
        return new DataConfig(
                dataDir, env, homeDir, systemDir, downloadBase, httpTimeout, md5, checksums);
    }
}
