package dev.groundwork.api.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.groundwork.api.GroundworkProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
            stopOrphanedServer(dataDirectory);
            log.info("Starting the embedded PostgreSQL with its data in {}", dataDirectory.toAbsolutePath());
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // The catalog is the system of record and the index trusts its outbox ids: a commit
                    // must be durable (the library's default is off).
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot start the embedded PostgreSQL in " + dataDirectory
                            + "; set GROUNDWORK_DB_URL to use an external PostgreSQL instead",
                    e);
        }
    }

    /**
     * Stops a server left running on this data directory by an application that was killed
     * (kill -9 leaves the postmaster behind); a new one could not start on the directory otherwise.
     */
    static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
        } catch (NumberFormatException | java.util.NoSuchElementException e) {
            return; // unreadable pid file: pg_ctl handles stale ones itself
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().orElse("").endsWith("postgres"));
        if (postmaster.isEmpty()) {
            return;
        }
        log.warn("Stopping PostgreSQL process {} left running on {} by an earlier run", pid, dataDirectory);
        // SIGTERM is PostgreSQL's "smart" shutdown; the clients it waits for died with the old application.
        postmaster.get().destroy();
        try {
            postmaster.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL process " + pid + " on " + dataDirectory + " did not stop", e);
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
