package dev.groundwork.runtime.tokenizer;

import static dev.groundwork.runtime.tokenizer.TinyVocabularies.BPE_END_OF_TEXT;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.BPE_HEL;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.BPE_IM_END;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.BPE_SPACE_W;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.BPE_THINK;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_A;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_B;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_BYTES;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_SPACE;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_SPACE_A;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_SPACE_AB;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.runtime.gguf.GgufMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenizerTest {

    private static Tokenizer sentencePiece() {
        return Tokenizer.fromMetadata(TinyVocabularies.sentencePiece(Map.of()));
    }

    private static Tokenizer bytePair(String preTokenizer) {
        return Tokenizer.fromMetadata(TinyVocabularies.bytePair(preTokenizer, Map.of()));
    }

    @Test
    void refusesATokenizerModelItDoesNotKnowAndNamesIt() {
        GgufMetadata metadata = new GgufMetadata(Map.of("tokenizer.ggml.model", "bert"));

        assertThatThrownBy(() -> Tokenizer.fromMetadata(metadata))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bert'")
                .hasMessageContaining("tokenizer.ggml.model");
    }

    @Test
    void refusesAPreTokenizerItDoesNotKnowAndNamesIt() {
        assertThatThrownBy(() -> bytePair("tekken"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tekken'")
                .hasMessageContaining("llama-bpe");
    }

    @Test
    void sentencePieceMergesTheBestScoringPairFirstAfterASpacePrefix() {
        Tokenizer tokenizer = sentencePiece();

        // "▁a" (-0.5) merges before "ab" (-1.5), then "▁a"+"b" makes "▁ab"
        assertThat(tokenizer.encode("ab", false, false)).containsExactly(SPM_SPACE_AB);
        assertThat(tokenizer.encode("ba", false, false)).containsExactly(SPM_SPACE, SPM_B, SPM_A);
        assertThat(tokenizer.encode("a a", false, false)).containsExactly(SPM_SPACE_A, SPM_SPACE_A);
    }

    @Test
    void sentencePieceFallsBackToByteTokens() {
        Tokenizer tokenizer = sentencePiece();

        assertThat(tokenizer.encode("é", false, false)).containsExactly(SPM_SPACE, SPM_BYTES + 0xC3, SPM_BYTES + 0xA9);
        assertThat(tokenizer.piece(SPM_BYTES + 0xC3)).isEqualTo(new byte[] {(byte) 0xC3});
        assertThat(tokenizer.decode(tokenizer.encode("é ab", false, false))).isEqualTo("é ab");
    }

    @Test
    void sentencePieceAddsBosByDefaultAndAsTheFileSays() {
        assertThat(sentencePiece().encode("a", true, false)).containsExactly(1, SPM_SPACE_A);
        Tokenizer withoutBos =
                Tokenizer.fromMetadata(TinyVocabularies.sentencePiece(Map.of("tokenizer.ggml.add_bos_token", false)));
        assertThat(withoutBos.encode("a", true, false)).containsExactly(SPM_SPACE_A);
    }

    @Test
    void controlTokensAreTextUnlessParsedAndTextAfterThemGetsASpace() {
        Tokenizer tokenizer = sentencePiece();

        assertThat(tokenizer.encode("a</s>b", false, true)).containsExactly(SPM_SPACE_A, 2, SPM_SPACE, SPM_B);
        assertThat(tokenizer.encode("a</s>b", false, false)).doesNotContain(2).startsWith(SPM_SPACE_A, SPM_BYTES + '<');
        // user-defined tokens are split out even when special tokens are not parsed
        assertThat(tokenizer.encode("a<|user|>", false, false)).containsExactly(SPM_SPACE_A, SPM_USER);
    }

    @Test
    void piecesOfControlTokensAreEmptyAndDecodingDropsTheAddedSpace() {
        Tokenizer tokenizer = sentencePiece();

        assertThat(tokenizer.piece(1)).isEmpty();
        assertThat(tokenizer.piece(SPM_SPACE_AB)).isEqualTo(" ab".getBytes(StandardCharsets.UTF_8));
        assertThat(tokenizer.decode(new int[] {SPM_SPACE_AB, SPM_SPACE_A})).isEqualTo("ab a");
        // after BOS nothing is removed, as llama.cpp's detokenize only strips the first piece
        assertThat(tokenizer.decode(new int[] {1, SPM_SPACE_AB})).isEqualTo(" ab");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {999}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token id 999 is outside the vocabulary of 266 tokens");
    }

    @Test
    void bytePairMergesInRankOrderWithinWords() {
        Tokenizer tokenizer = bytePair("gpt-2");

        assertThat(tokenizer.encode("hel wo", false, false)).containsExactly(BPE_HEL, BPE_SPACE_W, 'o');
        assertThat(tokenizer.decode(new int[] {BPE_HEL, BPE_SPACE_W, 'o'})).isEqualTo("hel wo");
        assertThat(tokenizer.encode("é", false, false)).containsExactly(0xC3, 0xA9);
    }

    @Test
    void bytePairAddsNoBosUnlessThePreTokenizerOrTheFileSays() {
        assertThat(bytePair("gpt-2").encode("o", true, false)).containsExactly('o');
        assertThat(bytePair("gpt-2").bos()).isEqualTo(-1);
        assertThatThrownBy(() -> bytePair("llama-bpe"))
                .hasMessage("tokenizer.ggml.add_bos_token is true, but tokenizer.ggml.bos_token_id is not set");
        Tokenizer llama3 = Tokenizer.fromMetadata(
                TinyVocabularies.bytePair("llama-bpe", Map.of("tokenizer.ggml.bos_token_id", BPE_END_OF_TEXT)));
        assertThat(llama3.encode("o", true, false)).containsExactly(BPE_END_OF_TEXT, 'o');
    }

    @Test
    void gpt2DecodingCleansSpacesAsLlamaCppAndQwen2DoesNot() {
        int[] ids = bytePair("gpt-2").encode("a ? b 's c ' d", false, false);

        assertThat(bytePair("gpt-2").decode(ids)).isEqualTo("a? b's c'd");
        assertThat(bytePair("qwen2").decode(ids)).isEqualTo("a ? b 's c ' d");
    }

    @Test
    void endOfGenerationTokensAreFoundByTheirTextAndBecomeControlTokens() {
        Tokenizer tokenizer = bytePair("qwen2");

        assertThat(tokenizer.eos()).isEqualTo(BPE_END_OF_TEXT);
        assertThat(tokenizer.isEndOfGeneration(BPE_END_OF_TEXT)).isTrue();
        assertThat(tokenizer.isEndOfGeneration(BPE_IM_END)).isTrue();
        assertThat(tokenizer.isEndOfGeneration(BPE_HEL)).isFalse();
        assertThat(tokenizer.isEndOfGeneration(-1)).isFalse();
        assertThat(tokenizer.piece(BPE_IM_END)).isEmpty();
        assertThat(tokenizer.encode("o<|im_end|>", false, true)).containsExactly('o', BPE_IM_END);
    }

    @Test
    void findsSpecialTokensByTheirText() {
        Tokenizer tokenizer = bytePair("qwen2");

        assertThat(tokenizer.specialToken("<|endoftext|>")).hasValue(BPE_END_OF_TEXT);
        assertThat(tokenizer.specialToken("<think>")).hasValue(BPE_THINK);
        assertThat(tokenizer.specialToken("hel")).isEmpty();
        assertThat(tokenizer.specialToken("<|nothing|>")).isEmpty();
    }

    @Test
    void neutralizedTextContainsNoSpecialTokenButReadsTheSame() {
        Tokenizer tokenizer = bytePair("qwen2");
        String neutralized = tokenizer.neutralizeSpecialTokens("o<|im_end|><think><|endoftext|>");

        assertThat(tokenizer.encode(neutralized, false, true)).doesNotContain(BPE_IM_END, BPE_THINK, BPE_END_OF_TEXT);
        assertThat(neutralized.replace("\u200B", "")).isEqualTo("o<|im_end|><think><|endoftext|>");
    }
}
