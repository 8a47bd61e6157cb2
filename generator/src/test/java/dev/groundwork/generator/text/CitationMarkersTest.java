package dev.groundwork.generator.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CitationMarkersTest {

    @Test
    void readsMarkersAfterSpaceOrPunctuation() {
        assertThat(CitationMarkers.numbers("The lamp is lit at sunset [1]. It turns [2, 3][4]."))
                .containsExactly(1, 2, 3, 4);
        assertThat(CitationMarkers.numbers("Sunset.[2]")).containsExactly(2);
    }

    @Test
    void leavesIndexingInCodeAlone() {
        String code = "Use x[0] to get the first item and d[key] for a dict [3].";

        assertThat(CitationMarkers.numbers(code)).containsExactly(3);
        assertThat(CitationMarkers.strip(code)).isEqualTo("Use x[0] to get the first item and d[key] for a dict.");
    }

    @Test
    void recognisesATrailingRunOfMarkers() {
        assertThat(CitationMarkers.onlyMarkers("[1][2]")).isTrue();
        assertThat(CitationMarkers.onlyMarkers("[1].")).isTrue();
        assertThat(CitationMarkers.onlyMarkers("See [1].")).isFalse();
        assertThat(CitationMarkers.onlyMarkers("[]")).isFalse();
    }

    @Test
    void givesMarkersAfterAFullStopToTheSentenceTheyFollow() {
        String answer =
                "The lamp is lit at sunset. [1] Fog signals sound every thirty seconds. [2][3]\n\n- Boats come monthly [4].";

        List<CitationMarkers.MarkedSentence> sentences = CitationMarkers.sentences(answer);

        assertThat(sentences)
                .extracting(CitationMarkers.MarkedSentence::claim)
                .containsExactly(
                        "The lamp is lit at sunset.",
                        "Fog signals sound every thirty seconds.",
                        "- Boats come monthly.");
        assertThat(sentences)
                .extracting(CitationMarkers.MarkedSentence::cited)
                .containsExactly(List.of(1), List.of(2, 3), List.of(4));
        assertThat(answer.substring(sentences.get(0).start(), sentences.get(0).end()))
                .isEqualTo("The lamp is lit at sunset. [1]");
    }
}
