package dev.groundwork.api.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the OpenAPI description says about the API as a whole. */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    @Bean
    OpenAPI groundworkApi() {
        return new OpenAPI()
                .info(new Info().title("Groundwork API").version("1").description("""
                                Ingest documents, search them, and get answers in which every sentence is \
                                verified against the sources and cited with exact character spans. \
                                /api/** is Groundwork's own API (errors are RFC 9457 problem details); \
                                /v1/** is OpenAI-compatible (models, chat completions, embeddings)."""));
    }
}
