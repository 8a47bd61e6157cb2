package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.api.security.SecurityBootstrap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Security on the real stack, over HTTP: nothing but the page, sign-in and health without
 * credentials; keys and users with roles and collection grants; sessions with HttpOnly SameSite
 * cookies and CSRF tokens; secrets stored only as hashes; the bootstrap key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class SecurityIT {

    static final Path work = TestFolders.create("security-it");
    static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    Api admin;
    Api anonymous;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
    }

    @BeforeAll
    void ingestThreeCollections() throws IOException {
        admin = new Api(port);
        anonymous = new Api(port, null);
        ingest("alpha", "alpha.md", "# Alpha\n\nThe lighthouse keeper winds the clockwork of the lamp at dawn.");
        ingest("beta", "beta.md", "# Beta\n\nThe lighthouse keeper's secret soup recipe uses saffron and fennel.");
        ingest("notes", "notes.md", "# Notes\n\nThe lighthouse keeper writes the weather into the log book.");
    }

    @Test
    void refusesEverythingButThePageSignInAndHealthWithoutCredentials() {
        for (String path : List.of(
                "/api/status",
                "/api/collections",
                "/api/jobs",
                "/api/documents/1",
                "/api/session",
                "/api/admin/keys",
                "/v1/models",
                "/actuator/info",
                "/v3/api-docs",
                "/swagger-ui/index.html")) {
            Api.Response response = anonymous.getRaw(path);
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.body().path("detail").asString())
                    .as(path)
                    .isEqualTo("No credentials: send an API key as 'Authorization: Bearer <key>', or sign in with"
                            + " POST /api/session");
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"groundwork\"");
        }
        // A request that changes data without any credentials is a 401 too, not a CSRF refusal.
        assertThat(anonymous.postJson("/api/search", Map.of("query", "keeper")).status())
                .isEqualTo(401);
        assertThat(anonymous
                        .postJson("/v1/chat/completions", Map.of("model", "x"))
                        .status())
                .isEqualTo(401);

        assertThat(anonymous.getText("/")).contains("<title>Groundwork").contains("app.js");
        assertThat(anonymous.getText("/index.html")).contains("<title>Groundwork");
        assertThat(anonymous.getText("/app.js")).isNotBlank();
        assertThat(anonymous.getText("/app.css")).isNotBlank();
        assertThat(anonymous.getRaw("/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void answersOpenAiClientsWithOpenAisErrorObject() {
        JsonNode none = anonymous.getRaw("/v1/models").body();
        assertThat(none.path("error").path("type").asString()).isEqualTo("authentication_error");
        assertThat(none.path("error").path("message").asString())
                .isEqualTo(none.path("detail").asString());
        assertThat(none.path("error").has("param")).isTrue();

        JsonNode wrong = anonymous
                .as("gw_abcdefgh_" + "A".repeat(43))
                .getRaw("/v1/models")
                .body();
        assertThat(wrong.path("status").asInt()).isEqualTo(401);
        assertThat(wrong.path("error").path("code").asString()).isEqualTo("invalid_api_key");
        assertThat(wrong.path("error").path("message").asString())
                .isEqualTo("The API key is not valid: it is unknown or was revoked");
        // Outside /v1/ a problem is plain RFC 9457.
        assertThat(anonymous.getRaw("/api/status").body().has("error")).isFalse();
    }

    @Test
    void refusesUnknownAndRevokedKeys() {
        Api.Response unknown = anonymous.as("gw_abcdefgh_" + "A".repeat(43)).getRaw("/api/collections");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body().path("detail").asString())
                .isEqualTo("The API key is not valid: it is unknown or was revoked");
        assertThat(anonymous.as("not-even-a-key").getRaw("/api/collections").status())
                .isEqualTo(401);

        Api.Response created = admin.postJson(
                "/api/admin/keys", Map.of("name", "short-lived", "role", "reader", "collections", List.of("alpha")));
        Api reader = anonymous.as(created.body().path("key").asString());
        assertThat(reader.getRaw("/api/collections").status()).isEqualTo(200);

        assertThat(admin.deleteRaw(
                                "/api/admin/keys/" + created.body().path("id").asLong())
                        .status())
                .isEqualTo(204);

        assertThat(reader.getRaw("/api/collections").status()).isEqualTo(401);
        JsonNode listed = admin.get("/api/admin/keys")
                .valueStream()
                .filter(key -> key.path("name").asString().equals("short-lived"))
                .findFirst()
                .orElseThrow();
        assertThat(listed.path("revokedAt").isNull()).isFalse();
        assertThat(admin.deleteRaw(
                                "/api/admin/keys/" + created.body().path("id").asLong())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aReaderReadsOnlyItsCollectionsAndChangesNothing() {
        Api reader = admin.as(createKey("reader-alpha", "reader", List.of("alpha")));
        long alphaDocument = documentIn("alpha");
        long betaDocument = documentIn("beta");

        // Without a collection, only the granted ones are searched (an admin finds both).
        Map<String, Object> query = Map.of("query", "lighthouse keeper", "k", 10);
        assertThat(collectionsOf(admin.post("/api/search", query))).contains("alpha", "beta");
        assertThat(collectionsOf(reader.post("/api/search", query))).containsOnly("alpha");
        JsonNode answer = reader.post("/api/answer", Map.of("question", "What does the secret soup recipe use?"));
        assertThat(answer.path("answer").asString()).doesNotContain("saffron");
        answer.path("citations")
                .forEach(citation ->
                        assertThat(citation.path("source").asString()).contains("alpha"));

        Api.Response beta = reader.postJson("/api/search", Map.of("query", "soup", "collection", "beta"));
        assertThat(beta.status()).isEqualTo(403);
        assertThat(beta.contentType()).startsWith("application/problem+json");
        assertThat(beta.body().path("detail").asString())
                .isEqualTo("this key ('reader-alpha') is not granted collection 'beta' (it has collections [alpha]);"
                        + " searching needs a key granted collection 'beta'");
        assertThat(reader.postJson(
                                "/api/search",
                                Map.of("query", "soup", "filter", Map.of("collections", List.of("beta"))))
                        .status())
                .isEqualTo(403);
        assertThat(reader.postJson("/api/answer", Map.of("question", "soup?", "collection", "beta"))
                        .status())
                .isEqualTo(403);
        assertThat(reader.postForText("/api/answer/stream", Map.of("question", "soup?", "collection", "beta"))
                        .getKey())
                .isEqualTo(403);

        assertThat(reader.get("/api/collections")
                        .valueStream()
                        .map(c -> c.path("name").asString()))
                .containsExactly("alpha");
        assertThat(reader.getRaw("/api/documents/" + alphaDocument).status()).isEqualTo(200);
        assertThat(reader.getRaw("/api/documents/" + alphaDocument + "/chunks").status())
                .isEqualTo(200);
        // Another collection's document is answered as if it did not exist.
        Api.Response hidden = reader.getRaw("/api/documents/" + betaDocument);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.body().path("detail").asString()).isEqualTo("No document with id " + betaDocument);
        assertThat(reader.getRaw("/api/collections/beta/documents").status()).isEqualTo(403);
        assertThat(reader.postJson(
                                "/api/verify",
                                Map.of("answer", "The keeper uses saffron.", "documentIds", List.of(betaDocument)))
                        .status())
                .isEqualTo(404);
        assertThat(reader.postJson(
                                "/api/verify",
                                Map.of(
                                        "answer",
                                        "The keeper winds the clockwork.",
                                        "documentIds",
                                        List.of(alphaDocument)))
                        .status())
                .isEqualTo(200);
        assertThat(reader.get("/api/jobs")
                        .valueStream()
                        .map(job -> job.path("collection").asString()))
                .isNotEmpty()
                .containsOnly("alpha");

        Api.Response delete = reader.deleteRaw("/api/documents/" + alphaDocument);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.body().path("detail").asString())
                .isEqualTo("this key ('reader-alpha') is a reader; deleting a document needs a writer key for"
                        + " collection 'alpha'");
        assertThat(reader.postFiles("/api/jobs", Map.of("collection", "alpha"), Map.of("x.md", bytes("# X\n\nx")))
                        .status())
                .isEqualTo(403);
        assertThat(reader.deleteRaw("/api/collections/alpha").status()).isEqualTo(403);
        Api.Response status = reader.getRaw("/api/status");
        assertThat(status.status()).isEqualTo(403);
        assertThat(status.body().path("detail").asString())
                .isEqualTo("this key ('reader-alpha') is a reader; GET /api/status needs an admin key");
        assertThat(reader.postJson("/api/index/rebuild", Map.of()).status()).isEqualTo(403);
        assertThat(reader.getRaw("/actuator/info").status()).isEqualTo(403);
    }

    @Test
    void aWriterChangesOnlyItsOwnCollections() throws InterruptedException {
        Api writer = admin.as(createKey("writer-scratch", "writer", List.of("scratch")));

        Api.Response upload = writer.postFiles(
                "/api/jobs", Map.of("collection", "scratch"), Map.of("s.md", bytes("# S\n\nScratch.")));
        assertThat(upload.status()).isEqualTo(202);
        JsonNode job = waitForEnd(writer, upload.body().path("id").asLong());
        assertThat(job.path("done").asInt()).isEqualTo(1);

        Api.Response intoBeta =
                writer.postFiles("/api/jobs", Map.of("collection", "beta"), Map.of("b.md", bytes("# B\n\nb")));
        assertThat(intoBeta.status()).isEqualTo(403);
        assertThat(intoBeta.body().path("detail").asString())
                .isEqualTo("this key ('writer-scratch') is a writer for collections [scratch]; uploading files needs a"
                        + " writer key for collection 'beta'");
        Api.Response folder = writer.postJson(
                "/api/jobs", Map.of("path", work.resolve("alpha").toString(), "collection", "scratch"));
        assertThat(folder.status()).isEqualTo(403);
        assertThat(folder.body().path("detail").asString())
                .isEqualTo("this key ('writer-scratch') is a writer; ingesting a folder of the server's file system"
                        + " (writers upload files instead) needs an admin key");
        long betaJob = admin.get("/api/jobs")
                .valueStream()
                .filter(j -> j.path("collection").asString().equals("beta"))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asLong();
        assertThat(writer.postJson("/api/jobs/" + betaJob + "/cancel", Map.of()).status())
                .isEqualTo(404);
        assertThat(writer.deleteRaw("/api/collections/beta").status()).isEqualTo(403);

        assertThat(writer.deleteRaw("/api/collections/scratch").status()).isEqualTo(204);
    }

    @Test
    void onlyAnAdminManagesKeysAndUsers() {
        Api writer = admin.as(createKey("writer-all", "writer", List.of("*")));

        Api.Response key = writer.postJson("/api/admin/keys", Map.of("name", "mine", "role", "admin"));
        assertThat(key.status()).isEqualTo(403);
        assertThat(key.body().path("detail").asString())
                .isEqualTo("this key ('writer-all') is a writer; POST /api/admin/keys needs an admin key");
        assertThat(writer.getRaw("/api/admin/keys").status()).isEqualTo(403);
        assertThat(writer.postJson(
                                "/api/admin/users",
                                Map.of("username", "mallory", "password", PASSWORD, "role", "admin"))
                        .status())
                .isEqualTo(403);
        assertThat(writer.getRaw("/api/admin/users").status()).isEqualTo(403);

        Api.Response badRole = admin.postJson("/api/admin/keys", Map.of("name", "x", "role", "root"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.body().path("detail").asString())
                .isEqualTo("role must be admin, writer or reader, not 'root'");
        Api.Response noCollections = admin.postJson("/api/admin/keys", Map.of("name", "x", "role", "reader"));
        assertThat(noCollections.status()).isEqualTo(400);
        Api.Response weak = admin.postJson(
                "/api/admin/users",
                Map.of("username", "weak", "password", "short", "role", "reader", "collections", List.of("*")));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body().path("detail").asString()).isEqualTo("password must be 12 to 1000 characters, not 5");
    }

    @Test
    void showsAKeysSecretOnlyInTheResponseThatCreatesItAndStoresItsHash() throws Exception {
        Api.Response created = admin.postJson(
                "/api/admin/keys", Map.of("name", "shown-once", "role", "writer", "collections", List.of("alpha")));

        assertThat(created.status()).isEqualTo(201);
        String key = created.body().path("key").asString();
        String prefix = created.body().path("prefix").asString();
        assertThat(key).matches("gw_[a-z0-9]{8}_[A-Za-z0-9_-]{43}").startsWith(prefix + "_");
        assertThat(created.headers().firstValue("Location"))
                .contains("/api/admin/keys/" + created.body().path("id").asLong());
        assertThat(created.body().path("role").asString()).isEqualTo("writer");
        assertThat(created.body().path("collections").get(0).asString()).isEqualTo("alpha");

        String secret = key.substring(prefix.length() + 1);
        String listing = admin.getText("/api/admin/keys");
        assertThat(listing).contains(prefix).doesNotContain(secret);

        JdbcClient jdbc = JdbcClient.create(dataSource);
        Map<String, Object> row = jdbc.sql("select * from api_key where prefix = ?")
                .param(prefix)
                .query()
                .singleRow();
        assertThat(row.values()).noneMatch(value -> String.valueOf(value).contains(secret));
        assertThat((byte[]) row.get("key_hash"))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        String everything = String.join(
                "\n",
                jdbc.sql("select cast(k as text) from api_key k")
                        .query(String.class)
                        .list());
        assertThat(everything).doesNotContain(secret);
    }

    @Test
    void aUserSignsInWithAPasswordIntoAnHttpOnlySameSiteSessionThatNeedsCsrfTokens() {
        createUser("alice", "writer", List.of("notes"));
        long note = documentIn("notes");

        Api.Response signIn = anonymous.postJson("/api/session", Map.of("username", "alice", "password", PASSWORD));

        assertThat(signIn.status()).isEqualTo(200);
        String setCookie = signIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("GROUNDWORK_SESSION="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie).containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Lax");
        assertThat(setCookie).doesNotContainIgnoringCase("Secure"); // plain HTTP here; Tomcat adds it over HTTPS
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String token = signIn.body().path("csrfToken").asString();
        assertThat(token).isNotBlank();
        assertThat(signIn.body().path("role").asString()).isEqualTo("writer");
        assertThat(signIn.body().path("kind").asString()).isEqualTo("user");

        JsonNode session = session(cookie).body();
        assertThat(session.path("name").asString()).isEqualTo("alice");
        assertThat(session.path("collections").get(0).asString()).isEqualTo("notes");
        assertThat(session.path("csrfToken").asString()).isEqualTo(token);
        assertThat(session.path("csrfHeader").asString()).isEqualTo("X-CSRF-TOKEN");

        String search = "{\"query\": \"weather log\"}";
        Api.Response forged = anonymous.exchange("POST", "/api/search", search, Map.of("Cookie", cookie));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body().path("detail").asString()).contains("CSRF token");
        assertThat(anonymous
                        .exchange("POST", "/api/search", search, Map.of("Cookie", cookie, "X-CSRF-TOKEN", "wrong"))
                        .status())
                .isEqualTo(403);
        Api.Response searched =
                anonymous.exchange("POST", "/api/search", search, Map.of("Cookie", cookie, "X-CSRF-TOKEN", token));
        assertThat(searched.status()).isEqualTo(200);
        assertThat(collectionsOf(searched.body())).containsOnly("notes");
        assertThat(anonymous
                        .exchange("POST", "/api/search", search, Map.of("Cookie", cookie, "X-XSRF-TOKEN", token))
                        .status())
                .isEqualTo(200);
        // Reading needs no token.
        assertThat(anonymous
                        .exchange("GET", "/api/documents/" + note, null, Map.of("Cookie", cookie))
                        .status())
                .isEqualTo(200);

        assertThat(anonymous
                        .exchange("DELETE", "/api/documents/" + note, null, Map.of("Cookie", cookie))
                        .status())
                .isEqualTo(403);
        assertThat(anonymous
                        .exchange(
                                "DELETE",
                                "/api/documents/" + note,
                                null,
                                Map.of("Cookie", cookie, "X-CSRF-TOKEN", token))
                        .status())
                .isEqualTo(204);

        assertThat(anonymous
                        .exchange("DELETE", "/api/session", null, Map.of("Cookie", cookie))
                        .status())
                .isEqualTo(403);
        Api.Response signOut =
                anonymous.exchange("DELETE", "/api/session", null, Map.of("Cookie", cookie, "X-CSRF-TOKEN", token));
        assertThat(signOut.status()).isEqualTo(204);
        assertThat(signOut.headers().allValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith("GROUNDWORK_SESSION=;") && c.contains("Max-Age=0"));
        assertThat(session(cookie).status()).isEqualTo(401);

        String hash = JdbcClient.create(dataSource)
                .sql("select password_hash from app_user where username = 'alice'")
                .query(String.class)
                .single();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(PASSWORD);
    }

    @Test
    void refusesAWrongPasswordOrAnUnknownUserAlike() {
        createUser("bob", "reader", List.of("alpha"));

        for (Map<String, String> credentials : List.of(
                Map.of("username", "bob", "password", "not bob's password"),
                Map.of("username", "nobody", "password", PASSWORD))) {
            Api.Response refused = anonymous.postJson("/api/session", credentials);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.body().path("detail").asString()).isEqualTo("Wrong username or password");
            assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        }
        assertThat(anonymous
                        .postJson("/api/session", Map.of("username", "BOB", "password", PASSWORD))
                        .status())
                .isEqualTo(200);
        assertThat(anonymous.postJson("/api/session", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void signsInWithAKeyAndEndsTheSessionWhenTheKeyIsRevoked() {
        Api.Response created = admin.postJson(
                "/api/admin/keys", Map.of("name", "browser", "role", "reader", "collections", List.of("alpha")));
        Api.Response signIn = anonymous.postJson(
                "/api/session", Map.of("apiKey", created.body().path("key").asString()));
        assertThat(signIn.status()).isEqualTo(200);
        assertThat(signIn.body().path("kind").asString()).isEqualTo("key");
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(session(cookie).status()).isEqualTo(200);

        admin.deleteRaw("/api/admin/keys/" + created.body().path("id").asLong());

        assertThat(session(cookie).status()).isEqualTo(401);
        assertThat(anonymous
                        .postJson(
                                "/api/session",
                                Map.of("apiKey", created.body().path("key").asString()))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void registersTheConfiguredBootstrapKeyAsAnAdminKey() throws Exception {
        Map<String, Object> row = JdbcClient.create(dataSource)
                .sql("select name, role, collections, key_hash from api_key where prefix = 'gw_testkey0'")
                .query()
                .singleRow();
        assertThat(row.get("name")).isEqualTo("bootstrap");
        assertThat(row.get("role")).isEqualTo("admin");
        assertThat((byte[]) row.get("key_hash"))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Api.ADMIN_KEY.getBytes(StandardCharsets.UTF_8)));
        assertThat(admin.get("/api/session").path("role").asString()).isEqualTo("admin");
        assertThat(admin.get("/api/session").path("csrfToken").isNull()).isTrue(); // bearer requests need none
    }

    @Test
    void aFirstStartWithoutConfigurationCreatesAnAdminKeyAndPrintsItOnce(CapturedOutput output) {
        try (ConfigurableApplicationContext app = SpringApplication.run(
                GroundworkApplication.class,
                "--server.port=0",
                "--groundwork.data-dir=" + work.resolve("first-start"),
                "--groundwork.security.bootstrap-key=",
                "--groundwork.search.index-check-interval=0")) {
            SecurityBootstrap bootstrap = app.getBean(SecurityBootstrap.class);
            String key = bootstrap.takeGeneratedKey().orElseThrow();
            assertThat(bootstrap.takeGeneratedKey()).isEmpty();
            assertThat(output.getAll())
                    .contains("Groundwork's first start: an admin API key was created")
                    .contains(key);

            Api api = new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")), key);
            assertThat(api.getRaw("/api/status").status()).isEqualTo(200);
            // Revoking the only admin credential would lock everyone out.
            long id = api.get("/api/admin/keys").get(0).path("id").asLong();
            Api.Response last = api.deleteRaw("/api/admin/keys/" + id);
            assertThat(last.status()).isEqualTo(409);
            assertThat(last.body().path("detail").asString()).contains("is the last admin credential");

            // A later start finds a key and creates none.
            bootstrap.afterSingletonsInstantiated();
            assertThat(bootstrap.takeGeneratedKey()).isEmpty();
            assertThat(api.get("/api/admin/keys").size()).isEqualTo(1);
        }
    }

    private void ingest(String collection, String file, String text) throws IOException {
        Path folder = Files.createDirectories(work.resolve(collection));
        Files.writeString(folder.resolve(file), text);
        admin.post("/api/ingest", Map.of("path", folder.toString(), "collection", collection));
    }

    private String createKey(String name, String role, List<String> collections) {
        Api.Response created =
                admin.postJson("/api/admin/keys", Map.of("name", name, "role", role, "collections", collections));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().path("key").asString();
    }

    private void createUser(String username, String role, List<String> collections) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("password", PASSWORD);
        user.put("role", role);
        user.put("collections", collections);
        Api.Response created = admin.postJson("/api/admin/users", user);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.body().has("password")).isFalse();
        assertThat(created.body().toString()).doesNotContain("argon2");
    }

    private Api.Response session(String cookie) {
        return anonymous.exchange("GET", "/api/session", null, Map.of("Cookie", cookie));
    }

    private long documentIn(String collection) {
        return admin.get("/api/collections/" + collection + "/documents")
                .get(0)
                .path("id")
                .asLong();
    }

    private static List<String> collectionsOf(JsonNode search) {
        return search.path("hits")
                .valueStream()
                .map(hit -> hit.path("collection").asString())
                .toList();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode waitForEnd(Api api, long id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = api.get("/api/jobs/" + id + "?limit=1").path("job");
            if (!job.path("status").asString().equals("running")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Job " + id + " did not end");
    }
}
