package dev.groundwork.runtime.chat;

import dev.groundwork.runtime.generation.Generation;
import dev.groundwork.runtime.generation.GenerationSettings;
import dev.groundwork.runtime.generation.LanguageModel;
import dev.groundwork.runtime.generation.Session;
import dev.groundwork.runtime.generation.TextListener;
import dev.groundwork.runtime.sampling.SamplerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A Spring AI chat model that runs a GGUF file in this process. One generation runs at a time (it
 * uses every core the model was given); callers queue. The session is kept between calls, so a
 * prompt that starts like the previous one (the same system text) reuses its KV cache.
 */
public final class LocalChatModel implements ChatModel {

    private final LanguageModel model;
    private final GenerationSettings defaults;
    private final ReentrantLock lock = new ReentrantLock(true);
    private Session session;
    private Session judgeSession;
    private volatile YesNo yesNo;

    /** Runs {@code model} with {@code defaults} where a prompt's options leave a value unset. */
    public LocalChatModel(LanguageModel model, GenerationSettings defaults) {
        this.model = model;
        this.defaults = defaults;
    }

    public LanguageModel model() {
        return model;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        Generation generation = generate(prompt, TextListener.NONE, () -> false);
        return response(generation.text(), finishReason(generation));
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.<ChatResponse>create(sink -> {
                    AtomicBoolean cancelled = new AtomicBoolean();
                    sink.onDispose(() -> cancelled.set(true));
                    try {
                        Generation generation = generate(
                                prompt,
                                text -> {
                                    if (!text.isEmpty()) {
                                        sink.next(response(text, null));
                                    }
                                },
                                cancelled::get);
                        sink.next(response("", finishReason(generation)));
                        sink.complete();
                    } catch (RuntimeException e) {
                        sink.error(e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public ChatOptions getDefaultOptions() {
        return ChatOptions.builder()
                .model(model.name())
                .maxTokens(defaults.maxTokens())
                .temperature((double) defaults.sampler().temperature())
                .topK(defaults.sampler().topK())
                .topP((double) defaults.sampler().topP())
                .stopSequences(defaults.stop())
                .build();
    }

    private Generation generate(Prompt prompt, TextListener listener, java.util.function.BooleanSupplier cancelled) {
        int[] tokens = model.encodeChat(messages(prompt.getInstructions()));
        GenerationSettings settings = settings(prompt.getOptions());
        lock.lock();
        try {
            if (session == null) {
                session = model.newSession();
            }
            return session.generate(tokens, settings, listener, cancelled);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The probability the model gives to answering "yes" rather than "no" after {@code messages}: its
     * next-token probabilities of every token that reads yes or no (any case, any leading space),
     * compared. 0.5 when it gives neither any weight.
     */
    public double yesProbability(List<ChatMessage> messages) {
        if (!canJudge()) {
            throw new IllegalStateException(
                    "model %s has no token that reads \"yes\" or none that reads \"no\"; it cannot judge"
                            .formatted(model.name()));
        }
        int[] tokens = model.encodeChat(messages);
        lock.lock();
        try {
            if (judgeSession == null) {
                judgeSession = model.newSession();
            }
            return yesNo.probability(judgeSession.nextTokenLogits(tokens));
        } finally {
            lock.unlock();
        }
    }

    /** Whether the model's vocabulary has tokens for "yes" and "no" (so that {@link #yesProbability} works). */
    public synchronized boolean canJudge() {
        if (yesNo == null) {
            yesNo = YesNo.of(model);
        }
        return yesNo.yes().length > 0 && yesNo.no().length > 0;
    }

    /** The vocabulary's tokens that read "yes" and those that read "no". */
    private record YesNo(int[] yes, int[] no) {

        static YesNo of(LanguageModel model) {
            List<Integer> yes = new ArrayList<>();
            List<Integer> no = new ArrayList<>();
            var tokenizer = model.tokenizer();
            for (int id = 0; id < tokenizer.vocabularySize(); id++) {
                String piece = new String(tokenizer.piece(id), java.nio.charset.StandardCharsets.UTF_8)
                        .strip()
                        .toLowerCase(java.util.Locale.ROOT);
                if (piece.equals("yes")) {
                    yes.add(id);
                } else if (piece.equals("no")) {
                    no.add(id);
                }
            }
            return new YesNo(
                    yes.stream().mapToInt(Integer::intValue).toArray(),
                    no.stream().mapToInt(Integer::intValue).toArray());
        }

        double probability(float[] logits) {
            float max = Float.NEGATIVE_INFINITY;
            for (float logit : logits) {
                max = Math.max(max, logit);
            }
            double yesMass = 0;
            for (int id : yes) {
                yesMass += Math.exp(logits[id] - max);
            }
            double noMass = 0;
            for (int id : no) {
                noMass += Math.exp(logits[id] - max);
            }
            return yesMass + noMass == 0 ? 0.5 : yesMass / (yesMass + noMass);
        }
    }

    private static List<ChatMessage> messages(List<Message> instructions) {
        List<ChatMessage> messages = new ArrayList<>();
        for (Message message : instructions) {
            String text = Optional.ofNullable(message.getText()).orElse("");
            switch (message.getMessageType()) {
                case SYSTEM -> messages.add(ChatMessage.system(text));
                case USER -> messages.add(ChatMessage.user(text));
                case ASSISTANT -> messages.add(ChatMessage.assistant(text));
                case TOOL -> throw new IllegalArgumentException("the local model does not call tools");
            }
        }
        return messages;
    }

    private GenerationSettings settings(ChatOptions options) {
        if (options == null) {
            return defaults;
        }
        SamplerSettings base = defaults.sampler();
        SamplerSettings sampler = new SamplerSettings(
                options.getTemperature() == null
                        ? base.temperature()
                        : options.getTemperature().floatValue(),
                options.getTopK() == null ? base.topK() : options.getTopK(),
                options.getTopP() == null ? base.topP() : options.getTopP().floatValue(),
                base.minP(),
                base.repeatPenalty(),
                options.getPresencePenalty() == null
                        ? base.presencePenalty()
                        : options.getPresencePenalty().floatValue(),
                base.penaltyWindow(),
                base.seed());
        return new GenerationSettings(
                options.getMaxTokens() == null ? defaults.maxTokens() : options.getMaxTokens(),
                sampler,
                options.getStopSequences() == null ? defaults.stop() : options.getStopSequences());
    }

    private static String finishReason(Generation generation) {
        return switch (generation.finishReason()) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case CANCELLED -> "cancelled";
        };
    }

    private static ChatResponse response(String text, String finishReason) {
        ChatGenerationMetadata metadata = finishReason == null
                ? ChatGenerationMetadata.NULL
                : ChatGenerationMetadata.builder().finishReason(finishReason).build();
        return new ChatResponse(
                List.of(new org.springframework.ai.chat.model.Generation(new AssistantMessage(text), metadata)));
    }
}
