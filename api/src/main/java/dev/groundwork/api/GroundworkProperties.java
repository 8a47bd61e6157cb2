package dev.groundwork.api;

import dev.groundwork.runtime.llama.KvCache;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * All of Groundwork's settings, bound from {@code groundwork.*} properties or {@code GROUNDWORK_*}
 * environment variables (e.g. {@code GROUNDWORK_DB_URL}).
 *
 * @param dataDir where the embedded database, the index and other state live
 */
@Validated
@ConfigurationProperties("groundwork")
public record GroundworkProperties(
        @NotNull @DefaultValue("data") Path dataDir,
        @Valid @NotNull @DefaultValue Db db,
        @Valid @NotNull @DefaultValue Embedding embedding,
        @Valid @NotNull @DefaultValue Ingest ingest,
        @Valid @NotNull @DefaultValue Search search,
        @Valid @NotNull @DefaultValue Answer answer,
        @Valid @NotNull @DefaultValue Http http,
        @Valid @NotNull @DefaultValue Security security) {

    /**
     * The PostgreSQL catalog. With no {@code url}, an embedded PostgreSQL runs with its data under
     * {@code dataDir/postgres}.
     */
    public record Db(String url, String username, String password) {

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param model {@code all-minilm-l6-v2-q} (default) or {@code bge-small-en-v1.5-q}
     * @param threads parallel ONNX inference workers
     */
    public record Embedding(
            @NotBlank @DefaultValue("all-minilm-l6-v2-q") String model,
            @Min(1) @Max(64) @DefaultValue("2") int threads) {}

    /**
     * @param maxChunkTokens upper bound for chunk size in model tokens (capped at the model's limit),
     *     heading path included
     * @param chunkOverlapTokens tokens (whole sentences or lines) that consecutive chunks of a section
     *     share; capped at half the chunk size
     * @param maxFileSize files larger than this fail with a clear item error
     * @param allowedRoots the folders the server may ingest from (after resolving {@code ..} and
     *     symbolic links); the user's home directory unless configured
     * @param maxUploadSize the largest upload request (all its files together)
     */
    public record Ingest(
            @Min(16) @Max(8192) @DefaultValue("512") int maxChunkTokens,
            @Min(0) @Max(4096) @DefaultValue("16") int chunkOverlapTokens,
            @NotNull @DefaultValue("50MB") DataSize maxFileSize,
            @NotNull List<Path> allowedRoots,
            @NotNull @DefaultValue("1GB") DataSize maxUploadSize) {}

    /**
     * @param defaultK passages returned when a request does not say
     * @param indexPollMillis how often the indexer looks for new outbox entries
     * @param indexCheckInterval how often the index is compared with the catalog and repaired (0: never)
     * @param maxConn HNSW neighbours per node
     * @param beamWidth HNSW candidates per insertion
     * @param oversample kNN candidates fetched per needed hit, rescored at full precision
     */
    public record Search(
            @Min(1) @Max(100) @DefaultValue("8") int defaultK,
            @Min(10) @Max(60000) @DefaultValue("500") long indexPollMillis,
            @NotNull @DefaultValue("10m") Duration indexCheckInterval,
            @Min(2) @Max(512) @DefaultValue("16") int maxConn,
            @Min(1) @Max(3200) @DefaultValue("100") int beamWidth,

            @DecimalMin("1") @DecimalMax("20") @DefaultValue("2")
            double oversample) {}

    /**
     * @param backend what writes answers: {@code extractive} (no language model, the default),
     *     {@code openai} (an OpenAI-compatible server, see {@code openai}) or {@code local} (a GGUF
     *     file run in this process, see {@code local})
     * @param policy what to do with unsupported sentences when a request does not say: {@code
     *     annotate}, {@code drop}, {@code rewrite} or {@code refuse}
     * @param contextTokens the retrieved passages given to the backend are packed up to this many tokens
     * @param minRetrievalConfidence {@code refuse}: least similarity between the question and the
     *     closest source sentence
     * @param minSupportedShare {@code refuse}: least share of the answer's sentences verified supported
     * @param maxRewriteRounds {@code rewrite}: how many times the model may revise an answer
     * @param modelJudgement with a language-model backend ({@code local}, {@code openai}), the verifier
     *     also asks the model whether the evidence supports each sentence (a yes/no whose
     *     probabilities are a signal)
     */
    public record Answer(
            @NotBlank @DefaultValue("extractive") String backend,
            @NotBlank @DefaultValue("annotate") String policy,
            @Min(64) @Max(32768) @DefaultValue("1500") int contextTokens,

            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.35")
            double minRetrievalConfidence,

            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.5")
            double minSupportedShare,

            @Min(0) @Max(5) @DefaultValue("2") int maxRewriteRounds,
            @DefaultValue("true") boolean modelJudgement,
            @Valid @NotNull @DefaultValue OpenAi openai,
            @Valid @NotNull @DefaultValue Local local) {}

    /**
     * A GGUF model file run in this process by the model runtime.
     *
     * @param modelPath the GGUF file (llama, qwen2 or qwen3 architecture)
     * @param threads threads for the model; 0 uses every core
     * @param contextLength positions of the KV cache, prompt and answer together
     * @param chatTemplate overrides the template recognised from the file (llama3, chatml, mistral,
     *     llama2, plain); empty to recognise it
     * @param kvCache how the KV cache stores keys and values: f32, f16 (half the memory, llama.cpp's
     *     default) or q8 (a quarter)
     * @param temperature 0 is greedy (reproducible answers)
     * @param maxTokens most tokens per answer
     * @param timeout how long one answer may take
     */
    public record Local(
            String modelPath,
            @Min(0) @Max(256) @DefaultValue("0") int threads,
            @Min(256) @Max(131072) @DefaultValue("4096") int contextLength,
            String chatTemplate,
            @NotNull @DefaultValue("f16") KvCache.Type kvCache,

            @DecimalMin("0") @DecimalMax("2") @DefaultValue("0")
            double temperature,

            @Min(16) @Max(32768) @DefaultValue("512") int maxTokens,
            @NotNull @DefaultValue("300s") Duration timeout) {}

    /**
     * An OpenAI-compatible chat server (vLLM, llama.cpp server, Ollama, another Groundwork).
     *
     * @param baseUrl the server's address, without {@code /v1}
     * @param model the model name sent with each request
     * @param apiKey sent as a bearer token; empty for servers that need none
     * @param maxTokens most tokens per answer
     * @param timeout how long one answer may take
     */
    public record OpenAi(
            String baseUrl,
            @DefaultValue("default") String model,
            String apiKey,

            @DecimalMin("0") @DecimalMax("2") @DefaultValue("0.1")
            double temperature,

            @Min(16) @Max(32768) @DefaultValue("512") int maxTokens,
            @NotNull @DefaultValue("120s") Duration timeout) {}

    /**
     * HTTP limits.
     *
     * @param maxBodySize the largest request body the API reads, except multipart uploads (which
     *     {@code groundwork.ingest.max-upload-size} bounds); larger ones are refused with 413
     */
    public record Http(@NotNull @DefaultValue("4MB") DataSize maxBodySize) {}

    /**
     * Who may call the server. With no key and no user in the database, the first start creates an
     * admin key and prints it once, unless {@code bootstrapKey} is set.
     *
     * @param bootstrapKey registered (hashed) as an admin key at start if it never was: the way to
     *     give a new deployment a known key, or to regain admin access with a new one; at least 32
     *     characters. Keep it in a secret store or the environment ({@code GROUNDWORK_BOOTSTRAP_KEY}),
     *     not in a file next to the data.
     * @param processKey an admin key held only in this process's memory and never stored: the command
     *     line gives one to the server it starts in-process for a single command
     * @param sessionTimeout how long a web sign-in lasts without requests
     */
    public record Security(
            String bootstrapKey,
            String processKey,
            @NotNull @DefaultValue("8h") Duration sessionTimeout) {}
}
