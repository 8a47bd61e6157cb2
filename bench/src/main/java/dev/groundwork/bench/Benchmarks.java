package dev.groundwork.bench;

import dev.groundwork.api.GroundworkApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** What every benchmark does alike: options, the application without its web server, the result file. */
final class Benchmarks {

    private Benchmarks() {}

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /** The application on the data folder, without web server, quiet, with no periodic index check. */
    static ConfigurableApplicationContext start(Path dataDir) {
        SpringApplication application = new SpringApplication(GroundworkApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        return application.run(
                "--groundwork.data-dir=" + dataDir,
                "--logging.level.root=WARN",
                // The job's line with the time spent reading, chunking, embedding and storing.
                "--logging.level.dev.groundwork.ingest.ItemPipeline=INFO",
                "--groundwork.search.index-check-interval=0");
    }

    /** Writes {@code result} as pretty JSON to {@code out}. */
    static void write(Path out, Map<String, Object> result) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(
                out,
                JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        System.out.println("Wrote " + out);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
