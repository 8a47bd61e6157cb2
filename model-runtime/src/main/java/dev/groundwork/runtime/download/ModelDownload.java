package dev.groundwork.runtime.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Downloads one file to a target path, resuming a previous partial download of it. */
public final class ModelDownload {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Progress of a download: bytes so far and the total, or -1 when the server does not say. */
    @FunctionalInterface
    public interface Progress {
        void update(long bytes, long total);
    }

    /** A download that failed; the message says why (HTTP status, checksum, I/O). */
    public static final class DownloadException extends RuntimeException {
        public DownloadException(String message) {
            super(message);
        }
    }

    private final HttpClient client;
    private final Optional<String> token;

    /** {@code token}: a bearer token for private repositories, or empty. */
    public ModelDownload(Optional<String> token) {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.token = token.filter(value -> !value.isBlank());
    }

    /**
     * The address of {@code file} in Hugging Face repository {@code repository} at {@code revision},
     * on the hub at {@code endpoint} (e.g. the value of {@code HF_ENDPOINT}).
     */
    public static URI huggingFace(URI endpoint, String repository, String revision, String file) {
        if (!repository.matches("[A-Za-z0-9][\\w.-]*/[A-Za-z0-9][\\w.-]*")) {
            throw new IllegalArgumentException("a repository is OWNER/NAME, was '" + repository + "'");
        }
        String base = endpoint.toString().replaceAll("/+$", "");
        return URI.create(base + "/" + repository + "/resolve/" + encode(revision) + "/"
                + String.join(
                        "/",
                        java.util.Arrays.stream(file.split("/"))
                                .map(ModelDownload::encode)
                                .toList()));
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Downloads {@code source} to {@code target}. An existing {@code target.part} is resumed; the
     * whole file is checked against {@code sha256} (or the server's checksum) before it is moved
     * to {@code target}. Returns the file's SHA-256.
     */
    public String download(URI source, Path target, Optional<String> sha256, Progress progress) {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            long have = Files.exists(part) ? Files.size(part) : 0;
            HttpRequest.Builder request = HttpRequest.newBuilder(source).GET().timeout(Duration.ofMinutes(5));
            token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status == 416 && have > 0) {
                response.body().close(); // the part file is already whole
            } else {
                if (status != 200 && status != 206) {
                    response.body().close();
                    throw new DownloadException(
                            switch (status) {
                                case 401, 403 ->
                                    "%s answered %d: the file needs access (set HF_TOKEN)".formatted(source, status);
                                case 404 -> "%s answered 404: no such repository, revision or file".formatted(source);
                                default -> "%s answered HTTP %d".formatted(source, status);
                            });
                }
                boolean resumed = status == 206;
                if (!resumed) {
                    have = 0; // the server sends the whole file
                }
                long offset = have;
                long total = response.headers().firstValueAsLong("Content-Length").stream()
                        .map(length -> length + offset)
                        .findFirst()
                        .orElse(-1L);
                try (InputStream in = response.body();
                        OutputStream out = Files.newOutputStream(
                                part,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE,
                                resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    byte[] buffer = new byte[1 << 16];
                    long done = have;
                    for (int read; (read = in.read(buffer)) >= 0; ) {
                        out.write(buffer, 0, read);
                        done += read;
                        progress.update(done, total);
                    }
                }
                sha256 = sha256.or(() -> serverChecksum(response));
            }
            String actual = sha256(part);
            if (sha256.isPresent() && !sha256.get().equalsIgnoreCase(actual)) {
                Files.delete(part);
                throw new DownloadException(
                        "%s: checksum mismatch: expected SHA-256 %s, got %s; the partial file was deleted"
                                .formatted(source, sha256.get().toLowerCase(Locale.ROOT), actual));
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return actual;
        } catch (IOException e) {
            throw new UncheckedIOException("Downloading " + source + " failed (run the command again to resume)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException("Downloading " + source + " was interrupted (run the command again to resume)");
        }
    }

    /** Hugging Face sends the SHA-256 of a large (LFS) file as its linked ETag. */
    private static Optional<String> serverChecksum(HttpResponse<?> response) {
        return response.headers()
                .firstValue("X-Linked-Etag")
                .or(() -> response.headers().firstValue("ETag"))
                .map(tag -> tag.replace("W/", "").replace("\"", "").toLowerCase(Locale.ROOT))
                .filter(tag -> SHA256.matcher(tag).matches());
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
