package dev.groundwork.generator.backend;

import dev.groundwork.generator.context.PackedSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Answers with a language model behind Spring AI's {@link ChatModel}: an OpenAI-compatible server,
 * or a GGUF file run in-process. The answer is streamed when the model streams.
 */
public final class ChatModelBackend implements AnswerBackend {

    private static final Logger log = LoggerFactory.getLogger(ChatModelBackend.class);

    /** Tokens a short completion ({@link #complete}) may take. */
    static final int COMPLETION_TOKENS = 96;

    private final String name;
    private final ChatModel model;
    private final ChatOptions options;
    private final Duration timeout;

    /**
     * @param options sent with every request (model, temperature, maximum tokens), or {@code null}
     *     for the model's defaults
     */
    public ChatModelBackend(String name, ChatModel model, ChatOptions options, Duration timeout) {
        this.name = name;
        this.model = model;
        this.options = options;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Draft draft(String question, float[] queryVector, List<PackedSource> sources, Consumer<String> tokens) {
        String text = generate(conversation(question, sources), tokens);
        return draft(text);
    }

    @Override
    public boolean canRevise() {
        return true;
    }

    @Override
    public Draft revise(
            String question,
            List<PackedSource> sources,
            String draft,
            List<Finding> findings,
            Consumer<String> tokens) {
        List<Message> messages = conversation(question, sources);
        messages.add(new AssistantMessage(draft));
        messages.add(new UserMessage(GroundingPrompt.revision(draft, findings)));
        return draft(generate(messages, tokens));
    }

    @Override
    public Optional<String> complete(String instructions, String prompt) {
        try {
            // One line is wanted: a short limit, and the line's end as a stop, keep a rambling model cheap.
            ChatOptions.Builder limits =
                    ChatOptions.builder().maxTokens(COMPLETION_TOKENS).stopSequences(List.of("\n"));
            if (options != null) {
                limits.model(options.getModel()).temperature(options.getTemperature());
            }
            String text = generate(
                    new Prompt(List.of(new SystemMessage(instructions), new UserMessage(prompt)), limits.build()),
                    token -> {});
            return text.isBlank() ? Optional.empty() : Optional.of(text.strip());
        } catch (BackendException e) {
            log.warn("The {} backend could not complete a prompt: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    private static List<Message> conversation(String question, List<PackedSource> sources) {
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(GroundingPrompt.SYSTEM));
        messages.add(new UserMessage(GroundingPrompt.question(question, sources)));
        return messages;
    }

    private static Draft draft(String text) {
        String answer = text.strip();
        boolean refused = answer.isEmpty()
                || answer.toLowerCase(Locale.ROOT)
                        .startsWith(NOT_FOUND.toLowerCase(Locale.ROOT).replace(".", ""));
        return refused ? new Draft(NOT_FOUND, false) : new Draft(answer, true);
    }

    /** Streams the model's reply to {@code tokens}; a model that cannot stream answers in one piece. */
    private String generate(List<Message> messages, Consumer<String> tokens) {
        return generate(new Prompt(messages, options), tokens);
    }

    private String generate(Prompt prompt, Consumer<String> tokens) {
        StringBuilder text = new StringBuilder();
        try {
            model.stream(prompt)
                    .doOnNext(response -> {
                        String piece = text(response);
                        if (!piece.isEmpty()) {
                            text.append(piece);
                            tokens.accept(piece);
                        }
                    })
                    .blockLast(timeout);
        } catch (UnsupportedOperationException e) {
            String whole = text(model.call(prompt));
            text.append(whole);
            tokens.accept(whole);
        } catch (IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            throw new BackendException(
                    message.startsWith("Timeout")
                            ? "The " + name + " model did not answer within " + timeout.toSeconds() + " s"
                            : "The " + name + " model failed: " + message,
                    e);
        } catch (RuntimeException e) {
            throw new BackendException("The " + name + " model failed: " + e.getMessage(), e);
        }
        return text.toString();
    }

    private static String text(ChatResponse response) {
        if (response == null
                || response.getResult() == null
                || response.getResult().getOutput() == null) {
            return "";
        }
        String text = response.getResult().getOutput().getText();
        return text == null ? "" : text;
    }
}
