package dev.groundwork.runtime.tokenizer;

import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_BYTES;
import static dev.groundwork.runtime.tokenizer.TinyVocabularies.SPM_SPACE_A;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenDecoderTest {

    private final Tokenizer tiny = Tokenizer.fromMetadata(TinyVocabularies.sentencePiece(Map.of()));

    private static List<String> stream(Tokenizer tokenizer, int[] ids) {
        TokenDecoder decoder = new TokenDecoder(tokenizer);
        List<String> chunks = new ArrayList<>();
        for (int id : ids) {
            chunks.add(decoder.next(id));
        }
        chunks.add(decoder.flush());
        return chunks;
    }

    @Test
    void holdsBackTheBytesOfACharacterUntilItIsComplete() {
        // 🌍 is F0 9F 8C 8D: four byte tokens
        int[] ids = tiny.encode("a🌍a", false, false);

        assertThat(stream(tiny, ids)).containsExactly(" a", "", "", "", "🌍", "a", "");
    }

    @Test
    void flushReleasesAnIncompleteCharacterAsAReplacementCharacter() {
        TokenDecoder decoder = new TokenDecoder(tiny);

        assertThat(decoder.next(SPM_SPACE_A)).isEqualTo(" a");
        assertThat(decoder.next(SPM_BYTES + 0xE4)).isEmpty();
        assertThat(decoder.flush()).isEqualTo("\uFFFD");
        assertThat(decoder.flush()).isEmpty();
    }

    @Test
    void aStrayByteDoesNotHoldBackTheTextAfterIt() {
        TokenDecoder decoder = new TokenDecoder(tiny);

        assertThat(decoder.next(SPM_BYTES + 0x8C)).isEqualTo("\uFFFD");
        assertThat(decoder.next(SPM_BYTES + 0xE4)).isEmpty();
        assertThat(decoder.next(SPM_SPACE_A)).isEqualTo("\uFFFD a");
    }

    @Test
    void streamsEmojiAndCjkSplitAcrossTokensOfRealVocabulariesWhole() {
        String text = "Hello 🌍🎉👍🏽 你好，世界 😶‍🌫️ ok";
        for (String vocabulary : List.of("tokenizer/ggml-vocab-gpt-2.gguf", "models/stories260K-f32.gguf")) {
            Tokenizer tokenizer = LlamaCppTokenizationTest.load(vocabulary);
            List<String> chunks = stream(tokenizer, tokenizer.encode(text, false, false));

            assertThat(chunks).as(vocabulary).noneMatch(chunk -> chunk.contains("\uFFFD"));
            assertThat(chunks.subList(0, chunks.size() - 1))
                    .as(vocabulary + " holds back partial characters")
                    .contains("");
            // streaming keeps the space SentencePiece adds in front, as llama.cpp's generation output does
            assertThat(String.join("", chunks).strip()).as(vocabulary).isEqualTo(text);
        }
    }
}
