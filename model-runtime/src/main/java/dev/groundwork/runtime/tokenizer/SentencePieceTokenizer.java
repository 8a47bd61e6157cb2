package dev.groundwork.runtime.tokenizer;

import dev.groundwork.runtime.gguf.GgufMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/**
 * The SentencePiece-style tokenizer of {@code llama} vocabularies (llama.cpp's {@code
 * llm_tokenizer_spm}): spaces become {@code ▁}, adjacent pieces merge best score first, and what
 * forms no token falls back to {@code <0xXX>} byte tokens.
 */
final class SentencePieceTokenizer implements Tokenizer {

    private static final Vocabulary.Defaults DEFAULTS = new Vocabulary.Defaults(1, 2, 0, true, true, false);
    private static final char SPACE = '\u2581'; // ▁

    private final Vocabulary vocabulary;
    /** Token of each byte value for the byte fallback. */
    private final int[] byteTokens = new int[256];

    SentencePieceTokenizer(GgufMetadata metadata) {
        this.vocabulary = new Vocabulary(metadata, DEFAULTS);
        for (int b = 0; b < 256; b++) {
            int id = vocabulary.id("<0x%02X>".formatted(b));
            if (id < 0 && b < 0x80) {
                id = vocabulary.id(String.valueOf((char) b)); // llama.cpp's fallback: the byte as text
            }
            byteTokens[b] = id;
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        return vocabulary.encode(text, addSpecial, parseSpecial, this::segment);
    }

    /** llama.cpp prefixes a space to the text at the start and after each special token. */
    private void segment(String text, boolean afterSpecial, IntConsumer out) {
        String prefixed = vocabulary.addsSpacePrefix() && afterSpecial ? " " + text : text;
        merge(prefixed.replace(' ', SPACE), out);
    }

    /** One merge candidate: adjacent symbols whose joined text of {@code length} chars is a token of {@code score}. */
    private record Bigram(int left, int right, float score, int length) {}

    // best score first; on equal scores the leftmost pair, as llm_bigram_spm::comparator
    private static final Comparator<Bigram> ORDER =
            (a, b) -> a.score() > b.score() ? -1 : a.score() < b.score() ? 1 : Integer.compare(a.left(), b.left());

    private void merge(String text, IntConsumer out) {
        Symbols symbols = Symbols.ofCodepoints(text);
        PriorityQueue<Bigram> queue = new PriorityQueue<>(ORDER);
        for (int i = 1; i < symbols.count(); i++) {
            offer(text, symbols, i - 1, i, queue);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            // stale: one side has been merged away or has grown since
            if (symbols.length[left] == 0
                    || symbols.length[right] == 0
                    || symbols.length[left] + symbols.length[right] != bigram.length()) {
                continue;
            }
            symbols.join(left, right);
            offer(text, symbols, symbols.previous[left], left, queue);
            offer(text, symbols, left, symbols.next[left], queue);
        }
        for (int i = 0; i != -1 && symbols.count() > 0; i = symbols.next[i]) {
            String piece = symbols.text(text, i);
            int id = vocabulary.id(piece);
            if (id >= 0) {
                out.accept(id);
            } else {
                // llama.cpp keeps a reverse-merge map for this case, but a merged symbol is always a token
                for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                    out.accept(byteToken(b & 0xFF));
                }
            }
        }
    }

    private void offer(String text, Symbols symbols, int left, int right, PriorityQueue<Bigram> queue) {
        if (left < 0 || right < 0) {
            return;
        }
        int start = symbols.start[left];
        int length = symbols.length[left] + symbols.length[right];
        int id = vocabulary.id(text.substring(start, start + length));
        if (id >= 0) {
            queue.add(new Bigram(left, right, vocabulary.score(id), length));
        }
    }

    private int byteToken(int b) {
        int id = byteTokens[b];
        if (id >= 0) {
            return id;
        }
        // llama.cpp fails here; a vocabulary without byte tokens gets its unknown token instead
        if (vocabulary.unknown() >= 0) {
            return vocabulary.unknown();
        }
        throw new IllegalStateException(
                "the vocabulary has neither a token <0x%02X> nor an unknown token to stand for that byte".formatted(b));
    }

    @Override
    public String decode(int[] ids) {
        return vocabulary.detokenize(ids, this::piece);
    }

    @Override
    public byte[] piece(int id) {
        return vocabulary.piece(id, text -> text.replace(SPACE, ' ').getBytes(StandardCharsets.UTF_8));
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
