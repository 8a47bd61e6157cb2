package dev.groundwork.generator.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class FollowUpRewriterTest {

    static final List<Turn> HISTORY = List.of(new Turn(
            "When does the keeper start the fog horn?",
            "When visibility drops below two nautical miles, the keeper starts the fog horn. [1]"));

    @Test
    void aStandaloneQuestionIsLeftAsItIs() {
        FollowUpRewriter rewriter = new FollowUpRewriter(new Writing(null));

        assertThat(rewriter.rewrite(HISTORY, "How tall is the Marrow Point tower?"))
                .isEqualTo(new FollowUpRewriter.Rewrite("How tall is the Marrow Point tower?", "unchanged"));
    }

    @Test
    void theFirstQuestionOfAConversationIsLeftAsItIs() {
        assertThat(new FollowUpRewriter(new Writing("Something else?"))
                        .rewrite(List.of(), "How long does it sound?")
                        .how())
                .isEqualTo("unchanged");
    }

    @Test
    void withoutALanguageModelAFollowUpBorrowsThePreviousQuestionsContentWords() {
        FollowUpRewriter.Rewrite rewrite =
                new FollowUpRewriter(new Writing(null)).rewrite(HISTORY, "How long does it keep sounding?");

        assertThat(rewrite.how()).isEqualTo("terms");
        assertThat(rewrite.question()).isEqualTo("How long does it keep sounding? (keeper start fog horn)");
    }

    @Test
    void aShortFollowUpNeedsTheConversationEvenWithoutPronouns() {
        assertThat(FollowUpRewriter.needsContext("And in winter?")).isTrue();
        assertThat(FollowUpRewriter.needsContext("What about their wages?")).isTrue();
        assertThat(FollowUpRewriter.needsContext("How often does the supply boat come from Kellhaven?"))
                .isFalse();
    }

    @Test
    void theModelsRewriteIsUsedAndSeesTheConversation() {
        Writing model = new Writing("\"How long does the fog horn keep sounding?\"\nThat is the question.");
        FollowUpRewriter.Rewrite rewrite =
                new FollowUpRewriter(model).rewrite(HISTORY, "How long does it keep sounding?");

        assertThat(rewrite)
                .isEqualTo(new FollowUpRewriter.Rewrite("How long does the fog horn keep sounding?", "model"));
        assertThat(model.prompts.getFirst())
                .contains("User: When does the keeper start the fog horn?")
                .contains("Assistant: When visibility drops")
                .endsWith("Follow-up question: How long does it keep sounding?\n\nStandalone question:");
    }

    @Test
    void anEssayInsteadOfAQuestionFallsBackToTheWords() {
        FollowUpRewriter.Rewrite rewrite =
                new FollowUpRewriter(new Writing("word ".repeat(200))).rewrite(HISTORY, "And then?");

        assertThat(rewrite.how()).isEqualTo("terms");
        assertThat(rewrite.question()).startsWith("And then? (").contains("fog horn");
    }

    @Test
    void aRewriteThatWandersOffTheFollowUpFallsBackToTheWords() {
        FollowUpRewriter.Rewrite rewrite = new FollowUpRewriter(new Writing("Once upon a time there was a little dog."))
                .rewrite(HISTORY, "How long does it keep sounding?");

        assertThat(rewrite.how()).isEqualTo("terms");
    }

    /** A language model that always writes {@code reply} (none when null), and keeps the prompts it read. */
    private static final class Writing implements BiFunction<String, String, Optional<String>> {

        final String reply;
        final List<String> prompts = new ArrayList<>();

        Writing(String reply) {
            this.reply = reply;
        }

        @Override
        public Optional<String> apply(String instructions, String prompt) {
            prompts.add(prompt);
            return Optional.ofNullable(reply);
        }
    }
}
