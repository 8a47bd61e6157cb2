package dev.groundwork.runtime.generation;

import dev.groundwork.runtime.chat.ChatMessage;
import dev.groundwork.runtime.chat.ChatTemplate;
import dev.groundwork.runtime.gguf.GgufFile;
import dev.groundwork.runtime.llama.Configuration;
import dev.groundwork.runtime.llama.KvCache;
import dev.groundwork.runtime.llama.Transformer;
import dev.groundwork.runtime.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A GGUF language model loaded for generation: the memory-mapped file, its transformer, tokenizer
 * and chat template. Sessions share the weights; each has its own KV cache.
 */
public final class LanguageModel implements AutoCloseable {

    private final GgufFile file;
    private final Transformer transformer;
    private final Tokenizer tokenizer;
    private final Optional<ChatTemplate> template;
    private final int contextLength;
    private final KvCache.Type cacheType;
    private final String name;

    private LanguageModel(GgufFile file, ModelOptions options) {
        this.file = file;
        this.transformer = Transformer.load(file, options.threads());
        this.tokenizer = Tokenizer.fromMetadata(file.metadata());
        this.template = options.chatTemplateOverride()
                .map(ChatTemplate::named)
                .or(() -> file.metadata()
                        .optionalString("tokenizer.chat_template")
                        .flatMap(ChatTemplate::recognize))
                .or(() -> options.fallback().map(ChatTemplate::named));
        int modelContext = transformer.configuration().contextLength();
        this.contextLength = options.contextLength() == 0
                ? Math.min(modelContext, ModelOptions.DEFAULT_CONTEXT)
                : options.contextLength();
        this.cacheType = options.kvCache();
        this.name = file.metadata()
                .optionalString("general.name")
                .orElse(file.path().getFileName().toString());
    }

    /** Opens {@code path} and prepares it to run; the file stays mapped until {@link #close()}. */
    public static LanguageModel load(Path path, ModelOptions options) {
        GgufFile file = GgufFile.open(path);
        try {
            return new LanguageModel(file, options);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public Configuration configuration() {
        return transformer.configuration();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public int contextLength() {
        return contextLength;
    }

    public int threads() {
        return transformer.threads();
    }

    /** The chat template in use, if the model has (or the options name) one. */
    public Optional<ChatTemplate> chatTemplate() {
        return template;
    }

    public Session newSession() {
        return new Session(transformer, tokenizer, contextLength, cacheType);
    }

    /** The prompt tokens of a plain text prompt: the model's BOS when it adds one, special-token text kept as text. */
    public int[] encodePrompt(String text) {
        return tokenizer.encode(text, true, false);
    }

    /**
     * The prompt tokens of a conversation, laid out by the chat template; the template's special
     * tokens are parsed as such, but the messages' own text never is, so a message cannot forge a
     * turn of another role.
     */
    public int[] encodeChat(List<ChatMessage> messages) {
        ChatTemplate chat = template.orElseThrow(() -> new IllegalStateException(
                "model %s has no chat template that Groundwork recognises; set a chat template (llama3, chatml,"
                        + " mistral, llama2, plain) in the options".formatted(name)));
        List<ChatMessage> escaped = messages.stream()
                .map(message -> new ChatMessage(message.role(), tokenizer.neutralizeSpecialTokens(message.content())))
                .toList();
        return tokenizer.encode(chat.apply(escaped), true, true);
    }

    @Override
    public void close() {
        transformer.close();
        file.close();
    }
}
