package dev.groundwork.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * With {@code GROUNDWORK_DB_URL} set the application uses that PostgreSQL instead of the embedded
 * one. Runs when {@code GROUNDWORK_TEST_DB_URL} (and {@code _USERNAME}, {@code _PASSWORD}) name a
 * disposable database; {@code .ci/run} starts one. The test empties its public schema first.
 */
@EnabledIfEnvironmentVariable(named = "GROUNDWORK_TEST_DB_URL", matches = "jdbc:postgresql:.*")
class ExternalDatabaseIT {

    private static final String URL = System.getenv("GROUNDWORK_TEST_DB_URL");
    private static final String USER = System.getenv().getOrDefault("GROUNDWORK_TEST_DB_USERNAME", "");
    private static final String PASSWORD = System.getenv().getOrDefault("GROUNDWORK_TEST_DB_PASSWORD", "");

    @Test
    void storesTheCatalogInTheConfiguredDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema public cascade; create schema public");
        }
        var work = TestFolders.create("external-db-it");
        try (ConfigurableApplicationContext app = SpringApplication.run(
                GroundworkApplication.class,
                "--server.port=0",
                "--groundwork.data-dir=" + work.resolve("data"),
                "--groundwork.db.url=" + URL,
                "--groundwork.db.username=" + USER,
                "--groundwork.db.password=" + PASSWORD)) {
            Api api = new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            JsonNode report = api.post(
                    "/api/ingest",
                    Map.of("path", SampleCorpus.copyTo(work.resolve("corpus")).toString()));

            assertThat(report.path("done").asInt()).isEqualTo(5);
            assertThat(work.resolve("data").resolve("postgres")).doesNotExist();
            try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
                    Statement statement = connection.createStatement();
                    var rows = statement.executeQuery("select count(*) from chunk")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(report.path("chunks").asLong());
            }
            JsonNode answer = api.post("/api/answer", Map.of("question", "How long does a queen bee live?"));
            assertThat(answer.path("answer").asString()).contains("three to four years");
        }
    }
}
