package dev.groundwork.runtime.tokenizer;

import dev.groundwork.runtime.gguf.GgufMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small vocabularies written as GGUF metadata, for tests that need no model file. */
final class TinyVocabularies {

    static final int SPM_BYTES = 3; // <0x00> is id 3, as in Llama 2's vocabulary
    static final int SPM_SPACE = 259;
    static final int SPM_A = 260;
    static final int SPM_B = 261;
    static final int SPM_SPACE_A = 262;
    static final int SPM_AB = 263;
    static final int SPM_SPACE_AB = 264;
    static final int SPM_USER = 265;

    static final int BPE_HE = 256;
    static final int BPE_SPACE_W = 257;
    static final int BPE_HEL = 258;
    static final int BPE_END_OF_TEXT = 259;
    static final int BPE_IM_END = 260;
    static final int BPE_THINK = 261;

    private TinyVocabularies() {}

    /**
     * A Llama-2-like SentencePiece vocabulary: {@code <unk> <s> </s>}, 256 byte tokens, then {@code ▁ a
     * b ▁a ab ▁ab} with scores that make {@code ▁a} merge before {@code ab}, and a user-defined {@code
     * <|user|>}.
     */
    static GgufMetadata sentencePiece(Map<String, Object> extra) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3));
        for (int b = 0; b < 256; b++) {
            tokens.add("<0x%02X>".formatted(b));
            scores.add(0f);
            types.add(6);
        }
        String[] pieces = {"▁", "a", "b", "▁a", "ab", "▁ab", "<|user|>"};
        float[] pieceScores = {-1, -2, -2, -0.5f, -1.5f, -0.2f, 0};
        for (int i = 0; i < pieces.length; i++) {
            tokens.add(pieces[i]);
            scores.add(pieceScores[i]);
            types.add(pieces[i].startsWith("<|") ? 4 : 1);
        }
        Map<String, Object> values = new HashMap<>();
        values.put("tokenizer.ggml.model", "llama");
        values.put("tokenizer.ggml.tokens", tokens);
        values.put("tokenizer.ggml.scores", floats(scores));
        values.put("tokenizer.ggml.token_type", ints(types));
        values.put("tokenizer.ggml.bos_token_id", 1);
        values.put("tokenizer.ggml.eos_token_id", 2);
        values.put("tokenizer.ggml.unknown_token_id", 0);
        values.putAll(extra);
        return new GgufMetadata(values);
    }

    /**
     * A byte-level BPE vocabulary: the 256 byte characters (id = byte), the merges {@code h e}, {@code
     * Ġ w}, {@code he l}, then {@code <|endoftext|>} (control, EOS), {@code <|im_end|>} (typed normal,
     * as some converters leave it) and a user-defined {@code <think>}.
     */
    static GgufMetadata bytePair(String preTokenizer, Map<String, Object> extra) {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevel.character(b)));
            types.add(1);
        }
        tokens.addAll(List.of("he", "Ġw", "hel", "<|endoftext|>", "<|im_end|>", "<think>"));
        types.addAll(List.of(1, 1, 1, 3, 1, 4));
        Map<String, Object> values = new HashMap<>();
        values.put("tokenizer.ggml.model", "gpt2");
        values.put("tokenizer.ggml.pre", preTokenizer);
        values.put("tokenizer.ggml.tokens", tokens);
        values.put("tokenizer.ggml.token_type", ints(types));
        values.put("tokenizer.ggml.merges", List.of("h e", "Ġ w", "he l"));
        values.put("tokenizer.ggml.eos_token_id", BPE_END_OF_TEXT);
        values.putAll(extra);
        return new GgufMetadata(values);
    }

    private static float[] floats(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }
}
