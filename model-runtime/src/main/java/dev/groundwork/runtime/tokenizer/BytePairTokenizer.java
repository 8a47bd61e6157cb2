package dev.groundwork.runtime.tokenizer;

import dev.groundwork.runtime.gguf.GgufMetadata;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/**
 * The byte-level BPE tokenizer of {@code gpt2} vocabularies (llama.cpp's {@code llm_tokenizer_bpe}):
 * a pre-tokenizer cuts the text into words, each word's UTF-8 bytes are written as GPT-2's byte
 * characters, and adjacent symbols merge in the order of {@code tokenizer.ggml.merges}.
 */
final class BytePairTokenizer implements Tokenizer {

    private final Vocabulary vocabulary;
    private final PreTokenizer preTokenizer;
    private final MergeTable merges;
    /** Symbol id of each byte's character. */
    private final int[] byteSymbols = new int[256];
    /**
     * Texts that merges name but the vocabulary lacks, so that merging can work on ids alone; their
     * symbol ids follow the vocabulary's.
     */
    private final List<String> extraSymbols = new ArrayList<>();

    private final Map<String, Integer> extraSymbolIds = new HashMap<>();

    BytePairTokenizer(GgufMetadata metadata) {
        this.preTokenizer =
                PreTokenizer.named(metadata.optionalString("tokenizer.ggml.pre").orElse(""));
        // llama.cpp's BPE defaults: no BOS, EOS or unknown token unless the file names them (it
        // assumes id 11 for BOS and EOS, a comma in GPT-2's vocabulary, which no caller should rely on)
        this.vocabulary = new Vocabulary(
                metadata,
                new Vocabulary.Defaults(-1, -1, -1, preTokenizer.addsBos(), false, preTokenizer.cleansSpaces()));
        List<String> texts = metadata.optionalStrings("tokenizer.ggml.merges")
                .orElseThrow(() -> new IllegalArgumentException(
                        "byte-level BPE vocabulary without tokenizer.ggml.merges; cannot tokenize"));
        this.merges = new MergeTable(texts.size());
        for (int rank = 0; rank < texts.size(); rank++) {
            String merge = texts.get(rank);
            // llama.cpp splits at the first space after the first character; without one the merge is unusable
            int space = merge.indexOf(' ', 1);
            if (space > 0) {
                String left = merge.substring(0, space);
                String right = merge.substring(space + 1);
                merges.addIfAbsent(symbol(left), symbol(right), rank, symbol(left + right));
            }
        }
        for (int b = 0; b < 256; b++) {
            byteSymbols[b] = symbol(String.valueOf(ByteLevel.character(b)));
        }
    }

    /** The symbol id of {@code text}: its token id, or an id after the vocabulary's. */
    private int symbol(String text) {
        int id = vocabulary.id(text);
        if (id >= 0) {
            return id;
        }
        return extraSymbolIds.computeIfAbsent(text, extra -> {
            extraSymbols.add(extra);
            return vocabulary.size() + extraSymbols.size() - 1;
        });
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        return vocabulary.encode(text, addSpecial, parseSpecial, this::segment);
    }

    private void segment(String text, boolean afterSpecial, IntConsumer out) {
        for (String word : preTokenizer.split(text)) {
            int whole = preTokenizer.ignoresMerges() ? vocabulary.id(ByteLevel.encode(word)) : -1;
            if (whole >= 0) {
                out.accept(whole);
            } else if (!word.isEmpty()) {
                merge(word.getBytes(StandardCharsets.UTF_8), out);
            }
        }
    }

    /** One merge candidate: adjacent symbols that the merge of {@code rank} joins into {@code result}, {@code length} bytes long. */
    private record Bigram(int left, int right, int rank, int result, int length) {}

    // lowest rank first; on equal ranks the leftmost pair, as llm_bigram_bpe::comparator
    private static final Comparator<Bigram> ORDER =
            Comparator.comparingInt(Bigram::rank).thenComparingInt(Bigram::left);

    /** llama.cpp's BPE session over one word: a linked list of symbols, one per byte at first. */
    private void merge(byte[] word, IntConsumer out) {
        int n = word.length;
        int[] symbols = new int[n];
        int[] length = new int[n]; // bytes; 0 once merged into the left neighbour
        int[] previous = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            symbols[i] = byteSymbols[word[i] & 0xFF];
            length[i] = 1;
            previous[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>(ORDER);
        for (int i = 1; i < n; i++) {
            offer(symbols, length, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            // stale: one side has been merged away or has grown since (llama.cpp compares the texts)
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != bigram.length()) {
                continue;
            }
            symbols[left] = bigram.result();
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                previous[next[right]] = left;
            }
            offer(symbols, length, previous[left], left, queue);
            offer(symbols, length, left, next[left], queue);
        }
        for (int i = 0; i != -1; i = next[i]) {
            if (symbols[i] < vocabulary.size()) {
                out.accept(symbols[i]);
                continue;
            }
            // not a token: llama.cpp then looks up each UTF-8 byte of the symbol's text as a one-byte
            // token and drops the bytes without one; only ASCII bytes can be such tokens
            for (char c : extraSymbols.get(symbols[i] - vocabulary.size()).toCharArray()) {
                int single = c < 0x80 ? vocabulary.id(String.valueOf(c)) : -1;
                if (single >= 0) {
                    out.accept(single);
                }
            }
        }
    }

    private void offer(int[] symbols, int[] length, int left, int right, PriorityQueue<Bigram> queue) {
        if (left < 0 || right < 0) {
            return;
        }
        int slot = merges.find(symbols[left], symbols[right]);
        if (slot >= 0) {
            queue.add(new Bigram(left, right, merges.rank(slot), merges.result(slot), length[left] + length[right]));
        }
    }

    @Override
    public String decode(int[] ids) {
        return vocabulary.detokenize(ids, this::piece);
    }

    @Override
    public byte[] piece(int id) {
        return vocabulary.piece(id, ByteLevel::decode);
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public int bos() {
        return vocabulary.bos();
    }

    @Override
    public int eos() {
        return vocabulary.eos();
    }

    @Override
    public boolean isEndOfGeneration(int id) {
        return vocabulary.isEndOfGeneration(id);
    }

    @Override
    public OptionalInt specialToken(String text) {
        return vocabulary.specialToken(text);
    }

    @Override
    public String neutralizeSpecialTokens(String text) {
        return vocabulary.neutralizeSpecialTokens(text);
    }
}
