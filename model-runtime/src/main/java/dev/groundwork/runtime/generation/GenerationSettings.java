package dev.groundwork.runtime.generation;

import dev.groundwork.runtime.sampling.SamplerSettings;
import java.util.List;

/**
 * One generation's limits and sampling.
 *
 * @param maxTokens the most tokens to generate
 * @param sampler how each token is chosen
 * @param stop texts that end the generation when generated (not included in the output)
 */
public record GenerationSettings(int maxTokens, SamplerSettings sampler, List<String> stop) {

    public GenerationSettings {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
        }
        stop = List.copyOf(stop);
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a stop string must not be empty");
        }
    }

    public static GenerationSettings greedy(int maxTokens) {
        return new GenerationSettings(maxTokens, SamplerSettings.GREEDY, List.of());
    }
}
