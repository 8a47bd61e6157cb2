package dev.groundwork.runtime.generation;

import dev.groundwork.runtime.llama.KvCache;
import dev.groundwork.runtime.llama.Transformer;
import dev.groundwork.runtime.sampling.Sampler;
import dev.groundwork.runtime.tokenizer.TokenDecoder;
import dev.groundwork.runtime.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * A conversation with a model: its KV cache and the tokens the cache holds. A new prompt that starts
 * with the tokens of the previous turn reuses their cache entries. Not thread-safe: one generation at
 * a time.
 */
public final class Session {

    private final Transformer transformer;
    private final Tokenizer tokenizer;
    private final KvCache cache;
    private final int[] tokens;
    private int length;

    Session(Transformer transformer, Tokenizer tokenizer, int contextLength, KvCache.Type cacheType) {
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.cache = transformer.newCache(contextLength, cacheType);
        this.tokens = new int[contextLength];
    }

    /** Bytes of the session's KV cache. */
    public long cacheBytes() {
        return cache.bytes();
    }

    /** Positions this session can hold, prompt and answer together. */
    public int contextLength() {
        return tokens.length;
    }

    /**
     * Generates after {@code prompt} (token ids, special tokens included), streaming text to {@code
     * listener}; {@code cancelled} is checked before every token.
     */
    public Generation generate(
            int[] prompt, GenerationSettings settings, TextListener listener, BooleanSupplier cancelled) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        if (prompt.length >= tokens.length) {
            throw new PromptTooLongException(prompt.length, tokens.length);
        }
        long started = System.nanoTime();
        int reused = commonPrefix(prompt);
        if (reused == prompt.length) {
            reused--; // the last prompt token must be fed again to get its logits
        }
        float[] logits =
                transformer.forward(Arrays.copyOfRange(prompt, reused, prompt.length), reused, cache, false)[0];
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        length = prompt.length;
        long prefilled = System.nanoTime();

        Sampler sampler = new Sampler(settings.sampler());
        TokenDecoder decoder = new TokenDecoder(tokenizer);
        StopStrings stops = new StopStrings(settings.stop());
        Generation.FinishReason reason = Generation.FinishReason.LENGTH;
        int generated = 0;
        boolean stoppedByString = false;
        while (generated < settings.maxTokens()) {
            if (cancelled.getAsBoolean()) {
                reason = Generation.FinishReason.CANCELLED;
                break;
            }
            int token = sampler.sample(logits, tokens, length);
            generated++;
            if (tokenizer.isEndOfGeneration(token)) {
                reason = Generation.FinishReason.STOP;
                break;
            }
            stoppedByString = stops.add(decoder.next(token));
            listener.onText(stops.releasable(stoppedByString));
            if (stoppedByString) {
                reason = Generation.FinishReason.STOP;
                break;
            }
            if (length == tokens.length) {
                break; // the context is full
            }
            tokens[length] = token;
            logits = transformer.forward(new int[] {token}, length, cache, false)[0];
            length++;
        }
        if (!stoppedByString) {
            stops.add(decoder.flush());
            listener.onText(stops.releasable(true));
        }
        return new Generation(
                stops.text(),
                reason,
                prompt.length,
                generated,
                reused,
                prefilled - started,
                System.nanoTime() - prefilled);
    }

    /**
     * The logits after {@code prompt}, without generating: for asking the model how likely each next
     * token is (a constrained answer). The prompt stays in the cache for the next call.
     */
    public float[] nextTokenLogits(int[] prompt) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt has no tokens");
        }
        if (prompt.length > tokens.length) {
            throw new PromptTooLongException(prompt.length, tokens.length);
        }
        int reused = Math.min(commonPrefix(prompt), prompt.length - 1);
        float[] logits =
                transformer.forward(Arrays.copyOfRange(prompt, reused, prompt.length), reused, cache, false)[0];
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        length = prompt.length;
        return logits;
    }

    private int commonPrefix(int[] prompt) {
        int same = 0;
        while (same < length && same < prompt.length && tokens[same] == prompt[same]) {
            same++;
        }
        return same;
    }
}
