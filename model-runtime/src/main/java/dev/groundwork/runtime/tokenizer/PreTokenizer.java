package dev.groundwork.runtime.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pre-tokenizers of byte-level BPE vocabularies that Groundwork supports, as llama.cpp selects
 * them by {@code tokenizer.ggml.pre}: the regexes that cut text into words, and the flags llama.cpp
 * sets with them ({@code llama_vocab::impl::load} and {@code llm_tokenizer_bpe} in llama-vocab.cpp).
 */
enum PreTokenizer {
    DEFAULT(
            List.of("default"),
            List.of("[\\p{P}\\$\\+<=>\\^~\\|]+", WordSplitter.GPT2, "\\p{N}+", "[0-9][0-9][0-9]"),
            true,
            false,
            false),
    GPT2(
            List.of("gpt-2", "phi-2", "gigachat", "a.x-4.0", "mellum", "mpt", "olmo", "jais", "exaone4"),
            List.of(WordSplitter.GPT2),
            true,
            false,
            false),
    /** Llama 3: whole words that are tokens skip the merges, and BOS is added unless the file says otherwise. */
    LLAMA3(
            List.of("llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2"),
            List.of(WordSplitter.LLAMA3),
            true,
            true,
            true),
    /** Qwen 2: the Llama-3 regex with single digits, and no clean-up of spaces when decoding. */
    QWEN2(
            List.of("qwen2", "deepseek-r1-qwen"),
            List.of("(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
            false,
            false,
            false);

    private final List<String> names;
    private final WordSplitter splitter;
    private final boolean cleansSpaces;
    private final boolean ignoresMerges;
    private final boolean addsBos;

    PreTokenizer(
            List<String> names, List<String> regexes, boolean cleansSpaces, boolean ignoresMerges, boolean addsBos) {
        this.names = names;
        this.splitter = new WordSplitter(regexes);
        this.cleansSpaces = cleansSpaces;
        this.ignoresMerges = ignoresMerges;
        this.addsBos = addsBos;
    }

    /** The pre-tokenizer named {@code name}; llama.cpp falls back to the default one when the key is absent. */
    static PreTokenizer named(String name) {
        if (name == null || name.isEmpty()) {
            return DEFAULT;
        }
        return Arrays.stream(values())
                .filter(pre -> pre.names.contains(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "pre-tokenizer '%s' (tokenizer.ggml.pre) is not supported; supported: %s"
                                .formatted(
                                        name,
                                        Arrays.stream(values())
                                                .flatMap(pre -> pre.names.stream())
                                                .collect(Collectors.joining(", ")))));
    }

    List<String> split(String text) {
        return splitter.split(text);
    }

    /** Whether decoding applies llama.cpp's clean-up of spaces before punctuation and contractions. */
    boolean cleansSpaces() {
        return cleansSpaces;
    }

    /** Whether a word that is itself a token is emitted whole instead of being merged from bytes. */
    boolean ignoresMerges() {
        return ignoresMerges;
    }

    /** Whether BOS is added by default (before {@code tokenizer.ggml.add_bos_token} has its say). */
    boolean addsBos() {
        return addsBos;
    }
}
