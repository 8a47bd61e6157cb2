package dev.groundwork.runtime.sampling;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/** Picks tokens from logits with one {@link SamplerSettings}; holds the random state, so one per generation. */
public final class Sampler {

    private final SamplerSettings settings;
    private final SplittableRandom random;

    public Sampler(SamplerSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
    }

    /**
     * The next token after {@code history[0, length)}; {@code logits} is modified (penalties are
     * applied in place).
     */
    public int sample(float[] logits, int[] history, int length) {
        penalize(logits, history, length);
        if (settings.temperature() == 0) {
            return argmax(logits);
        }
        Integer[] order = mostLikely(logits, settings.topK() == 0 ? logits.length : settings.topK());
        int kept = order.length;
        // top-p and min-p are decided on the untempered distribution, as llama.cpp does.
        double[] probabilities = softmax(logits, order, kept, 1);
        if (settings.topP() < 1) {
            double cumulative = 0;
            for (int i = 0; i < kept; i++) {
                cumulative += probabilities[i];
                if (cumulative >= settings.topP()) {
                    kept = i + 1;
                    break;
                }
            }
        }
        if (settings.minP() > 0) {
            double floor = settings.minP() * probabilities[0];
            int i = 1;
            while (i < kept && probabilities[i] >= floor) {
                i++;
            }
            kept = i;
        }
        probabilities = softmax(logits, order, kept, settings.temperature());
        double draw = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < kept; i++) {
            cumulative += probabilities[i];
            if (draw < cumulative) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    /** The indices of the {@code k} largest logits, largest first; a bounded heap keeps this linear in the vocabulary. */
    private static Integer[] mostLikely(float[] logits, int k) {
        PriorityQueue<Integer> smallestFirst =
                new PriorityQueue<>(Math.min(k, logits.length) + 1, (a, b) -> Float.compare(logits[a], logits[b]));
        for (int i = 0; i < logits.length; i++) {
            if (smallestFirst.size() < k) {
                smallestFirst.add(i);
            } else if (logits[i] > logits[smallestFirst.peek()]) {
                smallestFirst.poll();
                smallestFirst.add(i);
            }
        }
        Integer[] order = smallestFirst.toArray(new Integer[0]);
        Arrays.sort(
                order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        return order;
    }

    /** The index of the largest value; the lowest index among equals. */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private void penalize(float[] logits, int[] history, int length) {
        if (settings.repeatPenalty() == 1 && settings.presencePenalty() == 0) {
            return;
        }
        boolean[] seen = new boolean[logits.length];
        for (int i = Math.max(0, length - settings.penaltyWindow()); i < length; i++) {
            int token = history[i];
            if (token < 0 || token >= logits.length || seen[token]) {
                continue;
            }
            seen[token] = true;
            float logit = logits[token];
            logit = logit > 0 ? logit / settings.repeatPenalty() : logit * settings.repeatPenalty();
            logits[token] = logit - settings.presencePenalty();
        }
    }

    private static double[] softmax(float[] logits, Integer[] order, int count, float temperature) {
        double[] probabilities = new double[count];
        double max = logits[order[0]] / temperature;
        double sum = 0;
        for (int i = 0; i < count; i++) {
            probabilities[i] = Math.exp(logits[order[i]] / temperature - max);
            sum += probabilities[i];
        }
        for (int i = 0; i < count; i++) {
            probabilities[i] /= sum;
        }
        return probabilities;
    }
}
