package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collections created, read and described through the API, and a collection's documents listed with
 * filters and paging, on the real stack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionsIT {

    static final Path work = TestFolders.create("collections-it");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("groundwork.data-dir", () -> work.resolve("data").toString());
    }

    @BeforeAll
    void ingestSampleCorpus() {
        api = new Api(port);
        api.post(
                "/api/ingest",
                Map.of(
                        "path", SampleCorpus.copyTo(work.resolve("corpus")).toString(),
                        "collection", "samples",
                        "tags", List.of("handbook")));
    }

    @Test
    void aCollectionIsCreatedEmptyDescribedAndListedWithItsSettings() {
        Api.Response created = api.postRaw(
                "/api/collections", JSON.writeValueAsString(Map.of("name", "field notes", "description", "Notes")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/collections/field%20notes");
        assertThat(created.body().path("embeddingModel").asString()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(created.body().path("documents").asLong()).isZero();

        JsonNode changed = api.exchange(
                        "PATCH",
                        "/api/collections/field%20notes",
                        "{\"description\": \"What the keepers wrote\"}",
                        Map.of("Authorization", "Bearer " + Api.ADMIN_KEY))
                .body();
        assertThat(changed.path("description").asString()).isEqualTo("What the keepers wrote");
        assertThat(api.get("/api/collections/field%20notes").path("description").asString())
                .isEqualTo("What the keepers wrote");

        List<String> names = new ArrayList<>();
        api.get("/api/collections")
                .forEach(collection -> names.add(collection.path("name").asString()));
        assertThat(names).contains("field notes", "samples");
        assertThat(api.get("/api/collections/samples").path("documents").asLong())
                .isEqualTo(5);
    }

    @Test
    void creatingRefusesDuplicatesBadNamesAndAnotherEmbeddingModel() {
        api.postRaw("/api/collections", "{\"name\": \"once\"}");
        Api.Response twice = api.postRaw("/api/collections", "{\"name\": \"once\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.body().path("detail").asString()).contains("exists already");

        Api.Response badName = api.postRaw("/api/collections", "{\"name\": \"../etc\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body().path("detail").asString()).contains("name: must start with a letter or digit");

        Api.Response otherModel =
                api.postRaw("/api/collections", "{\"name\": \"bge\", \"embeddingModel\": \"bge-small-en-v1.5-q\"}");
        assertThat(otherModel.status()).isEqualTo(400);
        assertThat(otherModel.body().path("detail").asString())
                .contains("groundwork.embedding.model=bge-small-en-v1.5-q");

        assertThat(api.getRaw("/api/collections/none-such").status()).isEqualTo(404);
        assertThat(api.exchange(
                                "PATCH",
                                "/api/collections/none-such",
                                "{\"description\": \"x\"}",
                                Map.of("Authorization", "Bearer " + Api.ADMIN_KEY))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aReaderMayReadButNotCreateOrChangeCollections() {
        String reader = api.postRaw(
                        "/api/admin/keys",
                        JSON.writeValueAsString(
                                Map.of("name", "reader", "role", "reader", "collections", List.of("samples"))))
                .body()
                .path("key")
                .asString();
        Api asReader = new Api(port, reader);

        assertThat(asReader.getRaw("/api/collections/samples").status()).isEqualTo(200);
        assertThat(asReader.postRaw("/api/collections", "{\"name\": \"samples-2\"}")
                        .status())
                .isEqualTo(403);
        assertThat(asReader.exchange(
                                "PATCH",
                                "/api/collections/samples",
                                "{\"description\": \"mine\"}",
                                Map.of("Authorization", "Bearer " + reader))
                        .status())
                .isEqualTo(403);
        assertThat(asReader.getRaw("/api/collections/field%20notes").status()).isEqualTo(403);
    }

    @Test
    void documentsAreListedWithFiltersPagingAndTheirCount() {
        Api.Response all = api.getRaw("/api/collections/samples/documents?limit=2");
        assertThat(all.body().size()).isEqualTo(2);
        assertThat(all.headers().firstValue("X-Total-Count")).hasValue("5");
        Api.Response rest = api.getRaw("/api/collections/samples/documents?offset=2&limit=10");
        assertThat(rest.body().size()).isEqualTo(3);
        assertThat(rest.body().get(0).path("source").asString())
                .isGreaterThan(all.body().get(1).path("source").asString());

        Api.Response byText = api.getRaw("/api/collections/samples/documents?q=LIGHTHOUSE-HAND");
        assertThat(byText.headers().firstValue("X-Total-Count")).hasValue("1");
        assertThat(byText.body().get(0).path("source").asString()).endsWith("lighthouse-handbook.md");

        Api.Response byType = api.getRaw("/api/collections/samples/documents?mediaType=text/html");
        assertThat(byType.body().size()).isEqualTo(1);
        assertThat(byType.body().get(0).path("mediaType").asString()).isEqualTo("text/html");

        assertThat(api.getRaw("/api/collections/samples/documents?tag=handbook")
                        .headers()
                        .firstValue("X-Total-Count"))
                .hasValue("5");
        assertThat(api.getRaw("/api/collections/samples/documents?tag=none")
                        .body()
                        .size())
                .isZero();

        Api.Response tooMany = api.getRaw("/api/collections/samples/documents?limit=5000");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().path("detail").asString()).contains("limit");
    }
}
