package dev.groundwork.api.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.api.GroundworkProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides the catalog's {@link DataSource}, starting an embedded PostgreSQL when none is configured. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(GroundworkProperties properties) {
        GroundworkProperties.Db db = properties.db();
        HikariDataSource pool;
        if (db.external()) {
            log.info("Using the external PostgreSQL at {}", db.url());
            pool = new HikariDataSource();
            pool.setJdbcUrl(db.url());
            pool.setUsername(db.username());
            pool.setPassword(db.password());
        } else {
            EmbeddedPostgres postgres = startEmbedded(properties.dataDir().resolve("postgres"));
            pool = new EmbeddedPool(postgres);
            pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            pool.setUsername("postgres");
        }
        pool.setPoolName("catalog");
        pool.setMaximumPoolSize(8);
        return pool;
    }

    private static EmbeddedPostgres startEmbedded(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory.getParent());
            log.info("Starting the embedded PostgreSQL with its data in {}", dataDirectory.toAbsolutePath());
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start the embedded PostgreSQL in " + dataDirectory
                            + "; set GROUNDWORK_DB_URL to use an external PostgreSQL instead",
                    e);
        }
    }

    /** A pool that stops its embedded server after the last connection is closed. */
    static final class EmbeddedPool extends HikariDataSource {
        private final EmbeddedPostgres postgres;

        EmbeddedPool(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        @Override
        public void close() {
            super.close();
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("Stopping the embedded PostgreSQL failed", e);
            }
        }
    }
}
