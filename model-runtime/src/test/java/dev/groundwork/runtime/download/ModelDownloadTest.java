package dev.groundwork.runtime.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a loopback server that behaves like a Hugging Face hub (ranges, redirects, linked ETags). */
class ModelDownloadTest {

    @TempDir
    Path dir;

    private final byte[] file = new byte[300_000];
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI hub;
    private String sha256;

    @BeforeEach
    void serve() throws Exception {
        new Random(1).nextBytes(file);
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // The hub redirects /resolve/ to its file store, as the real one does.
        server.createContext("/owner/model/resolve/main/", exchange -> {
            exchange.getResponseHeaders()
                    .add(
                            "Location",
                            "/store/" + exchange.getRequestURI().getPath().replaceAll(".*/", ""));
            exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256 + "\"");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/store/", this::store);
        server.start();
        hub = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void store(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        if (!exchange.getRequestURI().getPath().endsWith("/model-q4_0.gguf")) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
        exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256 + "\"");
        exchange.sendResponseHeaders(range == null ? 200 : 206, file.length - from);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(file, from, file.length - from);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI source(String name) {
        return ModelDownload.huggingFace(hub, "owner/model", "main", name);
    }

    @Test
    void downloadsFollowingTheRedirectAndChecksTheLinkedChecksum() throws IOException {
        Path target = dir.resolve("models/model-q4_0.gguf");
        List<Long> progress = new CopyOnWriteArrayList<>();
        String checksum = new ModelDownload(Optional.of("secret"))
                .download(source("model-q4_0.gguf"), target, Optional.empty(), (bytes, total) -> progress.add(total));
        assertThat(checksum).isEqualTo(sha256);
        assertThat(Files.readAllBytes(target)).isEqualTo(file);
        assertThat(target.resolveSibling("model-q4_0.gguf.part")).doesNotExist();
        assertThat(progress).isNotEmpty().allMatch(total -> total == file.length);
        assertThat(authorizations).containsOnly("Bearer secret");
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest() throws IOException {
        Path target = dir.resolve("model-q4_0.gguf");
        Files.write(target.resolveSibling("model-q4_0.gguf.part"), Arrays.copyOf(file, 120_000));
        new ModelDownload(Optional.empty())
                .download(source("model-q4_0.gguf"), target, Optional.of(sha256), (b, t) -> {});
        assertThat(ranges).containsExactly("bytes=120000-");
        assertThat(Files.readAllBytes(target)).isEqualTo(file);
    }

    @Test
    void refusesAFileWhoseChecksumDiffersAndKeepsNothing() {
        Path target = dir.resolve("model-q4_0.gguf");
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> new ModelDownload(Optional.empty())
                        .download(source("model-q4_0.gguf"), target, Optional.of(wrong), (b, t) -> {}))
                .isInstanceOf(ModelDownload.DownloadException.class)
                .hasMessageContaining("checksum mismatch: expected SHA-256 " + wrong + ", got " + sha256);
        assertThat(target).doesNotExist();
        assertThat(target.resolveSibling("model-q4_0.gguf.part")).doesNotExist();
    }

    @Test
    void saysWhenTheFileDoesNotExist() {
        assertThatThrownBy(() -> new ModelDownload(Optional.empty())
                        .download(source("missing.gguf"), dir.resolve("missing.gguf"), Optional.empty(), (b, t) -> {}))
                .isInstanceOf(ModelDownload.DownloadException.class)
                .hasMessageContaining("answered 404: no such repository, revision or file");
    }

    @Test
    void buildsHubAddressesAndRefusesMalformedRepositories() {
        assertThat(ModelDownload.huggingFace(
                        URI.create("https://hub.example/"), "Qwen/Qwen2.5-0.5B-GGUF", "main", "q 4.gguf"))
                .hasToString("https://hub.example/Qwen/Qwen2.5-0.5B-GGUF/resolve/main/q%204.gguf");
        assertThatThrownBy(() -> ModelDownload.huggingFace(hub, "../etc", "main", "x.gguf"))
                .hasMessage("a repository is OWNER/NAME, was '../etc'");
    }
}
