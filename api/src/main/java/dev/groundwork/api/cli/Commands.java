package dev.groundwork.api.cli;

import dev.groundwork.api.GroundworkApplication;
import dev.groundwork.api.ingest.IngestWorker;
import dev.groundwork.api.security.ApiKeyToken;
import dev.groundwork.api.security.SecurityBootstrap;
import dev.groundwork.ingest.FileSelection;
import dev.groundwork.ingest.IngestReport;
import dev.groundwork.ingest.Ingestion;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Runs the commands of {@code ./groundwork}. */
public final class Commands {

    static final String USAGE = """
            Usage: groundwork COMMAND [ARGS] [--key=value ...]

            Commands:
              serve                         run the server (web page and REST API)
              demo [--samples DIR]          run the server with the sample corpus ingested
              ingest PATH [--collection N] [--include GLOBS] [--exclude GLOBS] [--tags T1,T2]
                                            ingest (or re-sync) a folder: PDF, Office, OpenDocument,
                                            HTML, Markdown, text, CSV, EPUB, e-mail; shows progress,
                                            exits 1 if a file failed; GLOBS are comma-separated,
                                            e.g. '*.html'
              ask "QUESTION" [--collection N] [--k K] [--policy annotate|drop|rewrite|refuse]
                                            answer a question from the ingested documents
              reindex                       rebuild the search index from PostgreSQL (stored
                                            embeddings; nothing is re-embedded)
              eval QUESTIONS.jsonl [--collection N] [--k K] [--out FILE]
                                            measure retrieval (Recall@1/5/10, MRR@10) per
                                            search mode on a question set; see README
              eval --claims CLAIMS.jsonl [--out FILE]
                                            measure how well the verifier flags unsupported
                                            claims (precision, recall, F1 per kind)
              eval QUESTIONS.jsonl --answers [--collection N] [--policy P] [--claims FILE] [--out FILE]
                                            measure answers: retrieval, citation of the reference
                                            page, token F1, supported share, refusals, citation
                                            precision, latency (and the claim set, if given)
              verify --answer TEXT|@FILE [--sources FILE,...] [--documents ID,...]
                                            check each sentence of an answer against source files
                                            or stored documents; exits 1 if one is unsupported
              model info FILE               describe a GGUF model file: architecture, shape,
                                            tensor types, tokenizer, chat template
              model run FILE --prompt TEXT [--chat] [--max-tokens N] [--temperature T] [--seed S]
                        [--threads N] [--context N] [--chat-template NAME]
                                            generate from a GGUF model in this process (greedy
                                            unless --temperature > 0); --chat applies the model's
                                            chat template
              model bench FILE [--threads 1,2]
                                            prompt (128, 512 tokens) and decoding rates, peak RSS,
                                            and decoding against the memory-bandwidth bound
              model pull OWNER/NAME FILE [--revision REV] [--dir DIR] [--sha256 HEX]
                                            download a GGUF file from a Hugging Face repository
                                            (resumes; checks the SHA-256; HF_TOKEN, HF_ENDPOINT)
              help                          show this text

            ingest, ask, reindex, eval and verify use the server at --url (default
            $GROUNDWORK_URL, else http://127.0.0.1:8080) with the API key of --api-key
            (default $GROUNDWORK_API_KEY), and start one in-process when none is running
            (that one needs no key). ingest and reindex need an admin key.
            --key=value arguments are Spring Boot properties, e.g. --server.port=9090.
            """;

    private final PrintStream out;
    private final PrintStream err;

    public Commands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs a command that ends by itself and returns its exit code: 0 success, 1 failure, 2 usage
     * error. For {@code serve} and {@code demo} it returns -1 once the server is up; the server keeps
     * the JVM alive.
     */
    public int run(String[] args) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println("groundwork: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (line.command()) {
                case "serve" -> {
                    ConfigurableApplicationContext context = SpringApplication.run(
                            GroundworkApplication.class, line.springArgs().toArray(String[]::new));
                    out.printf("%nGroundwork is running at %s%n", url(context));
                    printSignIn(context);
                    yield -1;
                }
                case "demo" -> demo(line);
                case "ingest" -> withServer(line, this::ingest, ingestRoot(line));
                case "ask" -> withServer(line, this::ask);
                case "reindex" -> withServer(line, this::reindex);
                case "eval" ->
                    withServer(
                            line,
                            context -> context.line().options().containsKey("--answers")
                                    ? new AnswerEvaluation(out).run(context.line(), context.client())
                                    : context.line().options().containsKey("--claims")
                                            ? new ClaimEvaluation(out).run(context.line(), context.client())
                                            : new Evaluation(out).run(context.line(), context.client()));
                case "verify" ->
                    withServer(line, context -> new VerifyCommand(out).run(context.line(), context.client()));
                case "model" -> new ModelCommand(out, err).run(line);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new CommandLine.UsageException("Unknown command '" + line.command() + "'");
            };
        } catch (CommandLine.UsageException e) {
            err.println("groundwork: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (ApiClient.ApiException e) {
            err.println("groundwork: " + e.getMessage());
            return 1;
        }
    }

    private int demo(CommandLine line) {
        Path samples =
                Path.of(line.option("--samples", "samples")).toAbsolutePath().normalize();
        if (!Files.isDirectory(samples)) {
            throw new CommandLine.UsageException("No sample corpus at " + samples + "; pass --samples DIR");
        }
        ConfigurableApplicationContext context = SpringApplication.run(
                GroundworkApplication.class, line.springArgs().toArray(String[]::new));
        Ingestion ingestion = context.getBean(Ingestion.class);
        IngestReport report = context.getBean(IngestWorker.class)
                .submit(ingestion.submitFolder(samples, "default", FileSelection.ALL, Set.of()))
                .join();
        out.printf(
                "%nSample corpus: %d files (%d ingested, %d skipped, %d failed), %d chunks written.%n",
                report.files(), report.done(), report.skipped(), report.failed(), report.chunks());
        out.printf("Groundwork is running at %s%n", url(context));
        printSignIn(context);
        out.println("Try: \"How often does the fog horn sound?\" (Ctrl+C stops it.)");
        return -1;
    }

    private static String url(ConfigurableApplicationContext context) {
        String address = context.getEnvironment().getProperty("server.address", "127.0.0.1");
        String port = context.getEnvironment().getProperty("local.server.port");
        return "http://" + address + ":" + port + "/";
    }

    /** How to sign in: with the admin key this first start created (shown this once), or with one's own. */
    private void printSignIn(ConfigurableApplicationContext context) {
        SecurityBootstrap bootstrap = context.getBean(SecurityBootstrap.class);
        Optional<String> created = bootstrap.takeGeneratedKey();
        if (created.isPresent()) {
            out.printf(
                    "Sign in with the admin API key created on this first start (shown only now; store it):%n  %s%n",
                    created.get());
        } else if (bootstrap.keyConfigured()) {
            out.println("Sign in with the configured bootstrap key (GROUNDWORK_BOOTSTRAP_KEY), another API key or a"
                    + " user account.");
        } else {
            out.println("Sign in with an API key or a user account. (Lost the admin key? Start once with"
                    + " GROUNDWORK_BOOTSTRAP_KEY set to a new key of 32+ characters.)");
        }
    }

    /** Runs {@code command} against a running server, or against one started in-process for it. */
    private int withServer(CommandLine line, Function<CommandContext, Integer> command) {
        return withServer(line, command, List.of());
    }

    /**
     * An in-process server for {@code ingest PATH} may read PATH: the user who runs the command can
     * read it anyway. (A running server keeps its own allowed roots.)
     */
    private static List<String> ingestRoot(CommandLine line) {
        if (line.arguments().size() != 1) {
            return List.of();
        }
        String roots = System.getenv().getOrDefault("GROUNDWORK_INGEST_ALLOWED_ROOTS", System.getProperty("user.home"));
        Path path = Path.of(line.arguments().getFirst()).toAbsolutePath().normalize();
        return List.of("--groundwork.ingest.allowed-roots=" + roots + "," + path);
    }

    private int withServer(CommandLine line, Function<CommandContext, Integer> command, List<String> inProcessArgs) {
        String url = line.option("--url", System.getenv().getOrDefault("GROUNDWORK_URL", "http://127.0.0.1:8080"));
        ApiClient client =
                new ApiClient(URI.create(url), line.option("--api-key", System.getenv("GROUNDWORK_API_KEY")));
        if (client.reachable()) {
            return command.apply(new CommandContext(line, client));
        }
        err.println("(no Groundwork server at " + url + "; starting one in-process for this command)");
        // The server lives only as long as this command: it gets an admin key of its own, held in
        // memory and never stored, so the user needs no key for it.
        String processKey = ApiKeyToken.generate(new SecureRandom()).text();
        List<String> springArgs = new ArrayList<>(line.springArgs());
        springArgs.add("--server.port=0");
        springArgs.add("--logging.level.root=WARN");
        springArgs.add("--groundwork.security.process-key=" + processKey);
        springArgs.addAll(inProcessArgs);
        try (ConfigurableApplicationContext context =
                SpringApplication.run(GroundworkApplication.class, springArgs.toArray(String[]::new))) {
            String port = context.getEnvironment().getProperty("local.server.port");
            return command.apply(
                    new CommandContext(line, new ApiClient(URI.create("http://127.0.0.1:" + port), processKey)));
        }
    }

    record CommandContext(CommandLine line, ApiClient client) {}

    private int ingest(CommandContext context) {
        List<String> arguments = context.line().arguments();
        if (arguments.size() != 1) {
            throw new CommandLine.UsageException("ingest needs exactly one PATH");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "path",
                Path.of(arguments.getFirst()).toAbsolutePath().normalize().toString());
        body.put("collection", context.line().option("--collection", "default"));
        String tags = context.line().option("--tags", "");
        if (!tags.isBlank()) {
            body.put("tags", List.of(tags.split(",")));
        }
        for (String selection : List.of("include", "exclude")) {
            String patterns = context.line().option("--" + selection, "");
            if (!patterns.isBlank()) {
                body.put(selection, List.of(patterns.split(",")));
            }
        }
        JsonNode job = context.client().post("/api/jobs", body);
        long id = job.path("id").asLong();
        ProgressBar bar = new ProgressBar(err, ProgressBar.onTerminal());
        while (job.path("status").asString().equals("running")) {
            bar.update(job);
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            job = context.client().get("/api/jobs/" + id + "?limit=1").path("job");
        }
        bar.update(job);
        bar.finish();
        List<JsonNode> failures = new ArrayList<>();
        context.client()
                .get("/api/jobs/" + id + "?status=failed&limit=10000")
                .path("items")
                .forEach(failures::add);
        printSummary(job, failures);
        return failures.isEmpty() && job.path("status").asString().equals("finished") ? 0 : 1;
    }

    /** The job's counts as a table, then the failed files with their errors. */
    private void printSummary(JsonNode job, List<JsonNode> failures) {
        out.printf(
                "%nJob %d, collection '%s': %s in %s%n",
                job.path("id").asLong(),
                job.path("collection").asString(),
                job.path("status").asString(),
                ProgressBar.duration(job.path("elapsedSeconds").asDouble()));
        String[][] rows = {
            {"files", job.path("files").asString()},
            {"ingested", job.path("done").asString()},
            {"skipped", job.path("skipped").asString()},
            {"failed", job.path("failed").asString()},
            {"cancelled", job.path("cancelled").asString()},
            {"removed", job.path("deleted").asString()},
            {"chunks", job.path("chunks").asString()},
            {"chunks/s", job.path("chunksPerSecond").asString()}
        };
        for (String[] row : rows) {
            out.printf("  %-10s %10s%n", row[0], row[1]);
        }
        if (!failures.isEmpty()) {
            out.printf("%nFailed files (%d):%n", failures.size());
            for (JsonNode failure : failures) {
                out.printf(
                        "  %s%n      %s%n",
                        failure.path("source").asString(),
                        failure.path("message").asString());
            }
        }
    }

    private int reindex(CommandContext context) {
        JsonNode report = context.client().post("/api/index/rebuild", Map.of());
        out.printf(
                "Rebuilt the index from PostgreSQL: %d chunks, up to outbox id %d, in %d ms.%n",
                report.path("chunks").asInt(),
                report.path("lastAppliedOutboxId").asLong(),
                report.path("tookMs").asLong());
        return 0;
    }

    private int ask(CommandContext context) {
        List<String> arguments = context.line().arguments();
        if (arguments.isEmpty()) {
            throw new CommandLine.UsageException("ask needs a QUESTION");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("question", String.join(" ", arguments));
        context.line().options().entrySet().stream()
                .filter(option -> option.getKey().equals("--collection"))
                .forEach(option -> body.put("collection", option.getValue()));
        if (context.line().options().containsKey("--k")) {
            body.put("k", Integer.parseInt(context.line().option("--k", "8")));
        }
        if (context.line().options().containsKey("--policy")) {
            body.put("policy", context.line().option("--policy", "annotate"));
        }
        JsonNode answer = context.client().post("/api/answer", body);
        out.println(answer.path("answer").asString());
        long unsupported = answer.path("sentences")
                .valueStream()
                .filter(sentence -> !sentence.path("support").asString().equals("SUPPORTED"))
                .count();
        if (unsupported > 0) {
            out.println();
            out.println("Not fully supported by the sources:");
            answer.path("sentences")
                    .valueStream()
                    .filter(sentence -> !sentence.path("support").asString().equals("SUPPORTED"))
                    .forEach(sentence -> out.printf(
                            "  (%s) %s%n",
                            sentence.path("support").asString().toLowerCase(java.util.Locale.ROOT),
                            sentence.path("text").asString()));
        }
        if (answer.path("citations").isEmpty()) {
            return 0;
        }
        out.println();
        out.println("Sources:");
        for (JsonNode citation : answer.path("citations")) {
            out.printf(
                    "  [%d] %s (%s, chars %d-%d)%n",
                    citation.path("number").asInt(),
                    citation.path("title").asString(),
                    citation.path("source").asString(),
                    citation.path("start").asInt(),
                    citation.path("end").asInt());
        }
        return 0;
    }
}
