package dev.groundwork.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The Spring Boot application. Start it through {@link GroundworkMain}. Spring Boot's in-memory user
 * with a generated password is left out: callers are API keys and the users of {@code app_user}
 * (see {@code security}).
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@EnableConfigurationProperties(GroundworkProperties.class)
public class GroundworkApplication {}
