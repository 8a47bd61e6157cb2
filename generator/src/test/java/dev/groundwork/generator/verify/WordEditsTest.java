package dev.groundwork.generator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordEditsTest {

    @Test
    void evidenceAroundTheClaimIsContextNotAnEdit() {
        assertThat(WordEdits.hunks(
                        "the lamp is lit at sunset", "Before dark falls, the lamp is lit at sunset by the keeper."))
                .isEmpty();
    }

    @Test
    void aReplacedWordIsAHunkAgainstTheWordItReplaced() {
        assertThat(WordEdits.hunks("It is rarely available from the site.", "It is always available from the site."))
                .containsExactly(new WordEdits.Hunk(List.of("rarely"), List.of("always")));
        assertThat(WordEdits.hunks("Rarely it works.", "Always it works."))
                .containsExactly(new WordEdits.Hunk(List.of("rarely"), List.of("always")));
    }

    @Test
    void findsANegationAddedWhereTheEvidenceAlreadyHasOne() {
        String evidence = "Python is available for free, so there are no sales figures.";

        assertThat(ClaimFeatures.negationEdited(
                        WordEdits.hunks("Python is not available for free, so there are no sales figures.", evidence)))
                .isTrue();
        assertThat(ClaimFeatures.negationEdited(WordEdits.hunks("There are no sales figures.", evidence)))
                .isFalse();
        assertThat(ClaimFeatures.negationEdited(WordEdits.hunks("It doesn’t copy the file.", "It does copy the file.")))
                .isTrue();
    }

    @Test
    void knowsOppositesByPairPrefixAndSuffix() {
        assertThat(ClaimFeatures.opposite("rare", "common")).isTrue();
        assertThat(ClaimFeatures.opposite("impossible", "possible")).isTrue();
        assertThat(ClaimFeatures.opposite("decrypt", "encrypt")).isFalse(); // not a prefix of the other
        assertThat(ClaimFeatures.opposite("decode", "code")).isTrue();
        assertThat(ClaimFeatures.opposite("useless", "useful")).isTrue();
        assertThat(ClaimFeatures.opposite("careful", "careless")).isTrue();
        assertThat(ClaimFeatures.opposite("file", "list")).isFalse();
        assertThat(ClaimFeatures.oppositeEdited(WordEdits.hunks(
                        "Variables referenced inside a function are implicitly local.",
                        "Before that, variables referenced inside a function are implicitly global, as a rule.")))
                .isTrue();
    }
}
