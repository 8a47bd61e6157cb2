package dev.groundwork.api.security;

import dev.groundwork.api.GroundworkProperties;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure a new server can be administered: registers the configured bootstrap key, or, on the
 * first start (no key and no user in the database), creates an admin key and prints it once. Runs
 * before the web server accepts requests.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public final class SecurityBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SecurityBootstrap.class);
    /** Serialises the check for "no credentials yet" between servers starting on one database. */
    private static final long BOOTSTRAP_LOCK = 0x6777_6b65_7973L;

    private final ApiKeys keys;
    private final UserAccounts users;
    private final GroundworkProperties.Security properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AtomicReference<String> generated = new AtomicReference<>();

    SecurityBootstrap(ApiKeys keys, UserAccounts users, GroundworkProperties properties, DataSource dataSource) {
        this.keys = keys;
        this.users = users;
        this.properties = properties.security();
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void afterSingletonsInstantiated() {
        String configured = properties.bootstrapKey();
        if (configured != null && !configured.isBlank()) {
            String key = ApiKeyToken.checkConfigured(
                    configured, "groundwork.security.bootstrap-key (GROUNDWORK_BOOTSTRAP_KEY)");
            if (keys.register(key, "bootstrap")) {
                log.info("Registered the configured bootstrap key ({}) as an admin API key", ApiKeyToken.prefixOf(key));
            }
            return;
        }
        String key = transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)")
                    .param(BOOTSTRAP_LOCK)
                    .query()
                    .singleRow();
            if (keys.any() || users.any()) {
                return null;
            }
            return keys.create("bootstrap", Role.ADMIN, Grants.ALL).key();
        });
        if (key != null) {
            generated.set(key);
            log.warn("""

                    ************************************************************************************
                    Groundwork's first start: an admin API key was created. It is shown only this once.
                        {}
                    Sign in to the web page with it, or send it as 'Authorization: Bearer <key>'.
                    Then create your own keys and users (POST /api/admin/keys, /api/admin/users).
                    ************************************************************************************""", key);
        }
    }

    /** The admin key this start created, once (the command line prints it with the server's address). */
    public Optional<String> takeGeneratedKey() {
        return Optional.ofNullable(generated.getAndSet(null));
    }

    /** Whether a bootstrap key is configured. */
    public boolean keyConfigured() {
        return properties.bootstrapKey() != null && !properties.bootstrapKey().isBlank();
    }
}
