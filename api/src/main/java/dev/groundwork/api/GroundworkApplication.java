package dev.groundwork.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The Spring Boot application. Start it through {@link GroundworkMain}. */
@SpringBootApplication
@EnableConfigurationProperties(GroundworkProperties.class)
public class GroundworkApplication {}
