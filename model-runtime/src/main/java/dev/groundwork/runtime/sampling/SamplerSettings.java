package dev.groundwork.runtime.sampling;

/**
 * How the next token is chosen.
 *
 * @param temperature 0 picks the most likely token (greedy); higher values flatten the distribution
 * @param topK keep the k most likely tokens (0: all)
 * @param topP keep the most likely tokens whose probabilities add up to p (1: all)
 * @param minP drop tokens less likely than minP times the most likely one (0: none)
 * @param repeatPenalty divides the positive logits (multiplies the negative ones) of recent tokens (1: off)
 * @param presencePenalty subtracted from the logits of recent tokens (0: off)
 * @param penaltyWindow how many of the last tokens the penalties look at
 * @param seed seed of the random draw, for reproducible sampling
 */
public record SamplerSettings(
        float temperature,
        int topK,
        float topP,
        float minP,
        float repeatPenalty,
        float presencePenalty,
        int penaltyWindow,
        long seed) {

    /** Always the most likely token. */
    public static final SamplerSettings GREEDY = new SamplerSettings(0, 0, 1, 0, 1, 0, 64, 0);

    /** llama.cpp's defaults. */
    public static final SamplerSettings DEFAULT = new SamplerSettings(0.8f, 40, 0.95f, 0.05f, 1, 0, 64, 0);

    public SamplerSettings {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 or more, was " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be 0 (off) or more, was " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
        if (!(minP >= 0 && minP < 1)) {
            throw new IllegalArgumentException("minP must be in [0, 1), was " + minP);
        }
        if (!(repeatPenalty > 0) || Float.isInfinite(repeatPenalty)) {
            throw new IllegalArgumentException("repeatPenalty must be positive (1 is off), was " + repeatPenalty);
        }
        if (Float.isNaN(presencePenalty) || Float.isInfinite(presencePenalty)) {
            throw new IllegalArgumentException("presencePenalty must be a finite number, was " + presencePenalty);
        }
        if (penaltyWindow < 0) {
            throw new IllegalArgumentException("penaltyWindow must be 0 or more, was " + penaltyWindow);
        }
    }

    public SamplerSettings withTemperature(float value) {
        return new SamplerSettings(value, topK, topP, minP, repeatPenalty, presencePenalty, penaltyWindow, seed);
    }

    public SamplerSettings withSeed(long value) {
        return new SamplerSettings(temperature, topK, topP, minP, repeatPenalty, presencePenalty, penaltyWindow, value);
    }
}
