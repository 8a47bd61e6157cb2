package dev.groundwork.runtime.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.groundwork.runtime.generation.GenerationSettings;
import dev.groundwork.runtime.generation.LanguageModel;
import dev.groundwork.runtime.generation.ModelOptions;
import dev.groundwork.runtime.oracle.Oracle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The constrained yes/no of {@link LocalChatModel}, on the oracle's model with the full Llama-2 vocabulary. */
class YesProbabilityTest {

    private static final List<ChatMessage> QUESTION =
            List.of(ChatMessage.system("Answer yes or no."), ChatMessage.user("Does the passage support the claim?"));

    @Test
    void comparesTheNextTokenProbabilitiesOfEveryYesAndNoToken() {
        ModelOptions options = ModelOptions.defaults()
                .withThreads(2)
                .withChatTemplate("llama2")
                .withContextLength(256);
        try (LanguageModel model = LanguageModel.load(Oracle.file("models/vocab-llama-spm-q8_0.gguf"), options)) {
            LocalChatModel chat = new LocalChatModel(model, GenerationSettings.greedy(8));
            double probability = chat.yesProbability(QUESTION);

            // The same computed from the logits by hand.
            float[] logits = model.newSession().nextTokenLogits(model.encodeChat(QUESTION));
            double yes = 0;
            double no = 0;
            for (int id = 0; id < logits.length; id++) {
                String piece = new String(model.tokenizer().piece(id), StandardCharsets.UTF_8)
                        .strip()
                        .toLowerCase(Locale.ROOT);
                if (piece.equals("yes")) {
                    yes += Math.exp(logits[id]);
                } else if (piece.equals("no")) {
                    no += Math.exp(logits[id]);
                }
            }
            assertThat(yes).isPositive();
            assertThat(no).isPositive();
            assertThat(probability).isCloseTo(yes / (yes + no), within(1e-6));
            // Asked again, the cached prompt gives the same answer. Its last token is computed again on
            // the one-token path, which multiplies Q8_0 weights with activations rounded to 8 bits (the
            // batch path keeps them in float): the probability moves by about 4e-5, not more.
            assertThat(chat.yesProbability(QUESTION)).isCloseTo(probability, within(5e-4));
        }
    }
}
