package dev.groundwork.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final float[] LOGITS = {1.0f, 3.0f, 2.5f, -1.0f, 0.0f, 2.9f};

    private static int sample(SamplerSettings settings, float[] logits, int[] history) {
        return new Sampler(settings).sample(logits.clone(), history, history.length);
    }

    @Test
    void greedyTakesTheLargestLogit() {
        assertThat(sample(SamplerSettings.GREEDY, LOGITS, new int[0])).isEqualTo(1);
    }

    @Test
    void topKOfOneIsGreedyAtAnyTemperature() {
        SamplerSettings settings = new SamplerSettings(5, 1, 1, 0, 1, 0, 64, 7);
        Sampler sampler = new Sampler(settings);
        for (int i = 0; i < 50; i++) {
            assertThat(sampler.sample(LOGITS.clone(), new int[0], 0)).isEqualTo(1);
        }
    }

    @Test
    void sameSeedSameTokens() {
        SamplerSettings settings = SamplerSettings.DEFAULT.withTemperature(1.5f).withSeed(99);
        Sampler a = new Sampler(settings);
        Sampler b = new Sampler(settings);
        for (int i = 0; i < 100; i++) {
            assertThat(a.sample(LOGITS.clone(), new int[0], 0)).isEqualTo(b.sample(LOGITS.clone(), new int[0], 0));
        }
    }

    @Test
    void topPKeepsOnlyTheNucleus() {
        // softmax(LOGITS): tokens 1, 5, 2 hold 0.92 of the mass, 1 and 5 only 0.70: with p = 0.8 tokens 0, 3, 4 never
        // come.
        Sampler sampler = new Sampler(new SamplerSettings(1, 0, 0.8f, 0, 1, 0, 64, 3));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(sampler.sample(LOGITS.clone(), new int[0], 0));
        }
        assertThat(seen).containsExactlyInAnyOrder(1, 5, 2);
    }

    @Test
    void minPDropsUnlikelyTokens() {
        // p(token 2) / p(token 1) = e^-0.5 = 0.61: kept at min-p 0.5, token 0 (e^-2 = 0.14) is not.
        Sampler sampler = new Sampler(new SamplerSettings(1, 0, 1, 0.5f, 1, 0, 64, 3));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(sampler.sample(LOGITS.clone(), new int[0], 0));
        }
        assertThat(seen).containsExactlyInAnyOrder(1, 5, 2);
    }

    @Test
    void highTemperatureReachesEveryToken() {
        Sampler sampler = new Sampler(new SamplerSettings(10, 0, 1, 0, 1, 0, 64, 3));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(sampler.sample(LOGITS.clone(), new int[0], 0));
        }
        assertThat(seen).hasSize(LOGITS.length);
    }

    @Test
    void repetitionPenaltyMovesGreedyOffRecentTokens() {
        SamplerSettings settings = new SamplerSettings(0, 0, 1, 0, 1.5f, 0, 64, 0);
        // 3.0 / 1.5 = 2.0 falls below 2.9 (token 5), which was used too: 2.9 / 1.5 = 1.93 < 2.5.
        assertThat(sample(settings, LOGITS, new int[] {1, 5})).isEqualTo(2);
        // Outside the window, the penalty no longer applies.
        SamplerSettings narrow = new SamplerSettings(0, 0, 1, 0, 1.5f, 0, 1, 0);
        assertThat(sample(narrow, LOGITS, new int[] {1, 4})).isEqualTo(1);
    }

    @Test
    void presencePenaltySubtracts() {
        SamplerSettings settings = new SamplerSettings(0, 0, 1, 0, 1, 0.2f, 64, 0);
        assertThat(sample(settings, LOGITS, new int[] {1})).isEqualTo(5); // 2.8 < 2.9
    }

    @Test
    void settingsSayWhatIsWrong() {
        assertThatThrownBy(() -> new SamplerSettings(-1, 0, 1, 0, 1, 0, 64, 0))
                .hasMessage("temperature must be 0 or more, was -1.0");
        assertThatThrownBy(() -> new SamplerSettings(1, 0, 0, 0, 1, 0, 64, 0))
                .hasMessage("topP must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> new SamplerSettings(1, -2, 1, 0, 1, 0, 64, 0))
                .hasMessage("topK must be 0 (off) or more, was -2");
    }
}
