package bnlab.data;

import static bnlab.data.FashionMnist.FILE_NAMES;
import static bnlab.data.FashionMnist.TEST_LABELS;
import static bnlab.data.FashionMnist.TRAIN_IMAGES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistDownloadTest {
    private static final Map<String, byte[]> FILES = Fixtures.tinyDataSet();
    private static final Map<String, String> MD5 = Fixtures.md5s(FILES);

    @TempDir Path root;
    private HttpServer server;
    private ExecutorService handlers;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private volatile int status = 200;
    private volatile long delayMillis;
    private URI base;
    private DataConfig config;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Handlers off the dispatcher thread, so a deliberately slow one cannot block stop().
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.createContext("/fm/", this::serve);
        server.createContext(
                "/moved/",
                ex -> {
                    ex.getResponseHeaders()
                            .add(
                                    "Location",
                                    "/fm/" + Path.of(ex.getRequestURI().getPath()).getFileName());
                    ex.sendResponseHeaders(302, -1);
                    ex.close();
                });
        server.start();
        // No trailing slash on purpose: DataConfig must add it.
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fm");
        config =
                new DataConfig(
                        null,
                        Map.of(),
                        root.resolve("home"),
                        root.resolve("system"),
                        base,
                        Duration.ofSeconds(5),
                        MD5,
                        Fixtures.contentMd5s(FILES));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void serve(HttpExchange ex) throws IOException {
        String name = Path.of(ex.getRequestURI().getPath()).getFileName().toString();
        requests.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.close();
            return;
        }
        byte[] body = FILES.get(name);
        if (status != 200 || body == null) {
            ex.sendResponseHeaders(body == null ? 404 : status, -1);
        } else {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    private Path cache() {
        return config.cacheDir();
    }

    private int requestsFor(String name) {
        AtomicInteger n = requests.get(name);
        return n == null ? 0 : n.get();
    }

    @Test
    void downloadsIntoCacheWhenNothingIsLocalThenFindsTheCache() throws IOException {
        FashionMnist data = FashionMnist.locate(config);
        assertEquals(cache(), data.directory());
        assertEquals("downloaded into cache directory", data.origin());
        assertArrayEquals(FILE_NAMES.stream().sorted().toArray(), Fixtures.listing(cache()));
        for (String name : FILE_NAMES) {
            assertArrayEquals(FILES.get(name), Files.readAllBytes(cache().resolve(name)), name);
            assertEquals(1, requestsFor(name), name);
        }
        assertEquals(Fixtures.TRAIN_COUNT, data.train().count());

        FashionMnist again = FashionMnist.locate(config);
        assertEquals("cache directory", again.origin());
        assertEquals(1, requestsFor(TRAIN_IMAGES));
    }

    @Test
    void explicitDownloadGoesToDataDirAndFollowsRedirects() {
        Path dir = root.resolve("chosen");
        URI moved = URI.create(base.toString().replace("/fm", "/moved/"));
        Path result = FashionMnist.download(config.withDataDir(dir).withDownloadBase(moved));
        assertEquals(dir, result);
        assertArrayEquals(FILE_NAMES.stream().sorted().toArray(), Fixtures.listing(dir));
        assertArrayEquals(new String[0], Fixtures.listing(cache()));
    }

    @Test
    void keepsFilesAlreadyVerified() {
        Fixtures.populate(cache(), FILES, TRAIN_IMAGES);
        FashionMnist.download(config);
        assertEquals(0, requestsFor(TRAIN_IMAGES));
        assertEquals(1, requestsFor(TEST_LABELS));
    }

    /**
     * The message of the download's failure with {@code settings}, after checking that it left
     * nothing in the cache: the set is installed all or nothing.
     */
    private String failureLeavingNothing(DataConfig settings) {
        DataUnavailableException e =
                assertThrows(DataUnavailableException.class, () -> FashionMnist.download(settings));
        assertArrayEquals(new String[0], Fixtures.listing(cache()));
        return e.getMessage();
    }

    @Test
    void checksumMismatchLeavesNothing() {
        Map<String, String> wrong = new HashMap<>(MD5);
        wrong.put(TEST_LABELS, "00000000000000000000000000000000");
        // The first three files were fine, but the set is installed all or nothing.
        assertEquals(
                "download of "
                        + base
                        + "/"
                        + TEST_LABELS
                        + " failed: MD5 mismatch: expected "
                        + "00000000000000000000000000000000, found "
                        + MD5.get(TEST_LABELS),
                failureLeavingNothing(config.withMd5(wrong)));
    }

    @Test
    void serverErrorLeavesNothing() {
        status = 500;
        assertEquals(
                "download of " + base + "/" + TRAIN_IMAGES + " failed: HTTP status 500",
                failureLeavingNothing(config));
    }

    @Test
    void connectionRefusedLeavesNothing() throws IOException {
        URI closed = FashionMnistLocateTest.closedPort();
        String message = failureLeavingNothing(config.withDownloadBase(closed));
        assertTrue(
                message.startsWith(
                        "download of " + closed + TRAIN_IMAGES + " failed: ConnectException"),
                message);
    }

    @Test
    void timeoutLeavesNothing() {
        delayMillis = 3_000;
        String message = failureLeavingNothing(config.withHttpTimeout(Duration.ofMillis(300)));
        assertTrue(
                message.startsWith(
                        "download of "
                                + base
                                + "/"
                                + TRAIN_IMAGES
                                + " failed: HttpTimeoutException"),
                message);
    }
}
