package dev.groundwork.runtime.tokenizer;

import dev.groundwork.runtime.gguf.GgufMetadata;
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
    /** Rank of each merge by its text {@code "left right"}; the first of duplicates wins, as in llama.cpp. */
    private final Map<String, Integer> ranks;

    BytePairTokenizer(GgufMetadata metadata) {
        this.preTokenizer =
                PreTokenizer.named(metadata.optionalString("tokenizer.ggml.pre").orElse(""));
        // llama.cpp's BPE defaults: no BOS, EOS or unknown token unless the file names them (it
        // assumes id 11 for BOS and EOS, a comma in GPT-2's vocabulary, which no caller should rely on)
        this.vocabulary = new Vocabulary(
                metadata,
                new Vocabulary.Defaults(-1, -1, -1, preTokenizer.addsBos(), false, preTokenizer.cleansSpaces()));
        List<String> merges = metadata.optionalStrings("tokenizer.ggml.merges")
                .orElseThrow(() -> new IllegalArgumentException(
                        "byte-level BPE vocabulary without tokenizer.ggml.merges; cannot tokenize"));
        this.ranks = HashMap.newHashMap(merges.size());
        for (int rank = 0; rank < merges.size(); rank++) {
            String merge = merges.get(rank);
            // llama.cpp splits at the first space after the first character; without one the merge is unusable
            if (merge.indexOf(' ', 1) > 0) {
                ranks.putIfAbsent(merge, rank);
            }
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        return vocabulary.encode(text, addSpecial, parseSpecial, this::segment);
    }

    private void segment(String text, boolean afterSpecial, IntConsumer out) {
        for (String word : preTokenizer.split(text)) {
            String bytes = ByteLevel.encode(word);
            int whole = preTokenizer.ignoresMerges() ? vocabulary.id(bytes) : -1;
            if (whole >= 0) {
                out.accept(whole);
            } else if (!bytes.isEmpty()) {
                merge(bytes, out);
            }
        }
    }

    /** One merge candidate: adjacent symbols joined by the merge of {@code rank}, {@code length} chars long. */
    private record Bigram(int left, int right, int rank, int length) {}

    // lowest rank first; on equal ranks the leftmost pair, as llm_bigram_bpe::comparator
    private static final Comparator<Bigram> ORDER =
            Comparator.comparingInt(Bigram::rank).thenComparingInt(Bigram::left);

    private void merge(String word, IntConsumer out) {
        // every char of a byte-level word is one byte, so code point symbols are byte symbols
        Symbols symbols = Symbols.ofCodepoints(word);
        PriorityQueue<Bigram> queue = new PriorityQueue<>(ORDER);
        for (int i = 1; i < symbols.count(); i++) {
            offer(word, symbols, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            // stale: one side has been merged away or has grown since (llama.cpp compares the texts)
            if (symbols.length[left] == 0
                    || symbols.length[right] == 0
                    || symbols.length[left] + symbols.length[right] != bigram.length()) {
                continue;
            }
            symbols.join(left, right);
            offer(word, symbols, symbols.previous[left], left, queue);
            offer(word, symbols, left, symbols.next[left], queue);
        }
        for (int i = 0; i != -1; i = symbols.next[i]) {
            String piece = symbols.text(word, i);
            int id = vocabulary.id(piece);
            if (id >= 0) {
                out.accept(id);
                continue;
            }
            // llama.cpp then looks up each UTF-8 byte of the symbol as a one-byte token and drops
            // the bytes without one; only ASCII bytes can be such tokens
            for (char c : piece.toCharArray()) {
                int single = c < 0x80 ? vocabulary.id(String.valueOf(c)) : -1;
                if (single >= 0) {
                    out.accept(single);
                }
            }
        }
    }

    private void offer(String word, Symbols symbols, int left, int right, PriorityQueue<Bigram> queue) {
        if (left < 0 || right < 0) {
            return;
        }
        String leftText = symbols.text(word, left);
        String rightText = symbols.text(word, right);
        Integer rank = ranks.get(leftText + ' ' + rightText);
        if (rank != null) {
            queue.add(new Bigram(left, right, rank, leftText.length() + rightText.length()));
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
