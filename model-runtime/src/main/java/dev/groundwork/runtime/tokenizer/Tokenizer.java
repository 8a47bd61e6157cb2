package dev.groundwork.runtime.tokenizer;

import dev.groundwork.runtime.gguf.GgufMetadata;
import java.util.OptionalInt;

/**
 * Turns text into the token ids of a GGUF model's vocabulary and back, with the results of
 * llama.cpp's {@code llama_tokenize}, {@code llama_token_to_piece} and {@code llama_detokenize}.
 */
public sealed interface Tokenizer permits SentencePieceTokenizer, BytePairTokenizer {

    /**
     * The tokenizer of the vocabulary in {@code metadata}: SentencePiece-style for {@code
     * tokenizer.ggml.model = llama}, byte-level BPE for {@code gpt2}.
     *
     * @throws IllegalArgumentException for another tokenizer model or an unsupported BPE
     *     pre-tokenizer ({@code tokenizer.ggml.pre})
     */
    static Tokenizer fromMetadata(GgufMetadata metadata) {
        String model = metadata.string("tokenizer.ggml.model");
        return switch (model) {
            case "llama" -> new SentencePieceTokenizer(metadata);
            case "gpt2" -> new BytePairTokenizer(metadata);
            default ->
                throw new IllegalArgumentException(
                        "tokenizer model '%s' (tokenizer.ggml.model) is not supported; expected 'llama' (SentencePiece)"
                                        .formatted(model)
                                + " or 'gpt2' (byte-level BPE)");
        };
    }

    /**
     * The tokens of {@code text}, as {@code llama_tokenize(text, addSpecial, parseSpecial)}: with
     * {@code addSpecial}, BOS first when the vocabulary adds one ({@code tokenizer.ggml.add_bos_token},
     * by default yes for SentencePiece and Llama 3, no otherwise) and EOS last when it adds that; with
     * {@code parseSpecial}, the text of control tokens (such as {@code <|im_start|>}) becomes those
     * tokens, otherwise it is text like any other. User-defined tokens are always recognised.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /**
     * The text of {@code ids}, as {@code llama_detokenize} without removing or rendering special
     * tokens: control tokens add nothing, SentencePiece drops the space its tokenization added at the
     * start, and the {@code gpt-2} and {@code llama-bpe} pre-tokenizers remove spaces before {@code
     * ?!.,} and in contractions. Bytes that are not valid UTF-8 become U+FFFD.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    String decode(int[] ids);

    /**
     * The bytes token {@code id} stands for, as {@code llama_token_to_piece(id, lstrip 0, special
     * false)}: empty for control tokens, one byte (possibly part of a UTF-8 sequence) for byte tokens.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    byte[] piece(int id);

    int vocabularySize();

    /** The beginning-of-sequence token, or -1. */
    int bos();

    /** The end-of-sequence token, or -1. */
    int eos();

    /**
     * Whether generating {@code id} ends the generation, as llama.cpp's {@code llama_vocab_is_eog}:
     * EOS, the end-of-turn token, and tokens such as {@code <|im_end|>}, {@code <|eot_id|>} or {@code
     * <|endoftext|>} that llama.cpp recognises by their text.
     */
    boolean isEndOfGeneration(int id);

    /** The id of the control or user-defined token whose text is {@code text}, for chat templates. */
    OptionalInt specialToken(String text);

    /**
     * {@code text} with a zero-width space after the first character of each special token's text, so
     * that {@link #encode encoding} it with {@code parseSpecial} finds none: for user-supplied text
     * inside a chat template, which must not be able to forge the template's tokens.
     */
    String neutralizeSpecialTokens(String text);
}
