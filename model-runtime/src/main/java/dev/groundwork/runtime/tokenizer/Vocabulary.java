package dev.groundwork.runtime.tokenizer;

import dev.groundwork.runtime.gguf.GgufMetadata;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The tokens of a GGUF vocabulary and what llama.cpp derives from its metadata ({@code
 * llama_vocab::impl::load}): token attributes, special token ids, the end-of-generation set and the
 * BOS, EOS and space flags; with the steps both tokenizer types share, splitting out special tokens
 * and detokenizing.
 */
final class Vocabulary {

    // llama.cpp's llama_token_attr bits; a token can gain CONTROL on top of its type
    static final int UNKNOWN = 1;
    static final int UNUSED = 1 << 1;
    static final int NORMAL = 1 << 2;
    static final int CONTROL = 1 << 3;
    static final int USER_DEFINED = 1 << 4;
    static final int BYTE = 1 << 5;
    static final int LSTRIP = 1 << 7;
    static final int RSTRIP = 1 << 8;

    private static final String KEY = "tokenizer.ggml.";
    private static final byte[] EMPTY = {};

    // Texts by which llama.cpp recognises special tokens that the converter did not label.
    private static final Set<String> END_OF_TURN = Set.of(
            "<|eot_id|>",
            "<|im_end|>",
            "<|end|>",
            "<end_of_turn>",
            "<|endoftext|>",
            "<|end_of_text|>",
            "<EOT>",
            "_<EOT>",
            "[EOT]",
            "<｜end▁of▁sentence｜>",
            "<end_of_utterance>");
    private static final Set<String> FIM_PREFIX = Set.of(
            "<|fim_prefix|>",
            "<fim-prefix>",
            "<fim_prefix>",
            "<｜fim▁begin｜>",
            "<PRE>",
            "▁<PRE>",
            "<|code_prefix|>",
            "<|prefix|>");
    private static final Set<String> FIM_SUFFIX = Set.of(
            "<|fim_suffix|>",
            "<fim-suffix>",
            "<fim_suffix>",
            "<｜fim▁hole｜>",
            "<SUF>",
            "▁<SUF>",
            "<|code_suffix|>",
            "<|suffix|>");
    private static final Set<String> FIM_MIDDLE = Set.of(
            "<|fim_middle|>",
            "<fim-middle>",
            "<fim_middle>",
            "<｜fim▁end｜>",
            "<MID>",
            "▁<MID>",
            "<|code_middle|>",
            "<|middle|>");
    private static final Set<String> FIM_PAD = Set.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]");
    private static final Set<String> FIM_REPO =
            Set.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>");
    private static final Set<String> FIM_SEPARATOR = Set.of("<|file_sep|>");
    private static final Set<String> END_OF_GENERATION = Set.of(
            "<|eot_id|>",
            "<|im_end|>",
            "<|end|>",
            "<|return|>",
            "<|call|>",
            "<|flush|>",
            "<|calls|>",
            "<end_of_turn>",
            "<|endoftext|>",
            "</s>",
            "<|eom_id|>",
            "<EOT>",
            "_<EOT>",
            "[EOT]",
            "[EOS]",
            "<|end_of_text|>",
            "<end_of_utterance>",
            "<eos>",
            "<turn|>",
            "<|tool_response>",
            "<｜end▁of▁sentence｜>",
            "[e~[");
    private static final Set<String> ALWAYS_RENDERED =
            Set.of("<|channel|>", "<|message|>", "<|start|>", "<|constrain|>");

    /** What llama.cpp assumes for a vocabulary type before it reads the optional keys; -1 is no token. */
    record Defaults(int bos, int eos, int unknown, boolean addBos, boolean addSpacePrefix, boolean cleanSpaces) {}

    /** Encodes one fragment of plain text; {@code afterSpecial} holds at the start and right after a special token. */
    @FunctionalInterface
    interface Segmenter {
        void encode(String text, boolean afterSpecial, IntConsumer out);
    }

    private final String[] texts;
    private final float[] scores;
    private final int[] attributes;
    private final Map<String, Integer> ids;
    private final int bos;
    private final int eos;
    private final int unknown;
    private final boolean addBos;
    private final boolean addEos;
    private final boolean addSpacePrefix;
    private final boolean cleanSpaces;
    private final BitSet endOfGeneration = new BitSet();
    /** CONTROL, USER_DEFINED and UNKNOWN tokens, longest text (in UTF-8 bytes) first. */
    private final int[] specialTokens;

    Vocabulary(GgufMetadata metadata, Defaults defaults) {
        List<String> tokens = metadata.strings(KEY + "tokens");
        int n = tokens.size();
        if (n == 0) {
            throw new IllegalArgumentException("GGUF key tokenizer.ggml.tokens is empty; expected the vocabulary");
        }
        this.texts = new String[n];
        this.scores = scores(metadata, n);
        this.attributes = attributes(metadata, n);
        this.ids = HashMap.newHashMap(n);
        for (int id = 0; id < n; id++) {
            String text = tokens.get(id);
            texts[id] = text.isEmpty() ? "[EMPTY_" + id + "]" : text;
            // llama.cpp refuses duplicates; texts that were invalid UTF-8 can collide after decoding, keep the first
            ids.putIfAbsent(texts[id], id);
        }

        this.bos = specialId(metadata, "bos_token_id", defaults.bos());
        this.eos = specialId(metadata, "eos_token_id", defaults.eos());
        this.unknown = specialId(metadata, "unknown_token_id", defaults.unknown());
        this.addBos = metadata.optionalBool(KEY + "add_bos_token").orElse(defaults.addBos());
        this.addEos = metadata.optionalBool(KEY + "add_eos_token").orElse(false);
        this.addSpacePrefix = metadata.optionalBool(KEY + "add_space_prefix").orElse(defaults.addSpacePrefix());
        this.cleanSpaces = defaults.cleanSpaces();
        if (addBos && bos < 0) {
            throw new IllegalArgumentException(
                    "tokenizer.ggml.add_bos_token is true, but tokenizer.ggml.bos_token_id is not set");
        }
        if (addEos && eos < 0) {
            throw new IllegalArgumentException(
                    "tokenizer.ggml.add_eos_token is true, but tokenizer.ggml.eos_token_id is not set");
        }
        findEndOfGeneration(metadata);
        this.specialTokens = IntStream.range(0, n)
                .filter(id -> (attributes[id] & (CONTROL | USER_DEFINED | UNKNOWN)) != 0)
                .boxed()
                .sorted(Comparator.comparingInt((Integer id) -> -texts[id].getBytes(StandardCharsets.UTF_8).length))
                .mapToInt(Integer::intValue)
                .toArray();
        applyModelQuirks(metadata);
    }

    private static float[] scores(GgufMetadata metadata, int n) {
        float[] scores = switch (metadata.asMap().get(KEY + "scores")) {
            case null -> new float[n];
            case int[] integers -> {
                float[] converted = new float[integers.length];
                for (int i = 0; i < integers.length; i++) {
                    converted[i] = integers[i];
                }
                yield converted;
            }
            default -> metadata.optionalFloats(KEY + "scores").orElseThrow();
        };
        if (scores.length < n) {
            throw new IllegalArgumentException(
                    "tokenizer.ggml.scores has %d values for %d tokens".formatted(scores.length, n));
        }
        return scores;
    }

    /** Attributes from {@code tokenizer.ggml.token_type} (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte). */
    private static int[] attributes(GgufMetadata metadata, int n) {
        int[] attributes = new int[n];
        int[] types = metadata.optionalInts(KEY + "token_type").orElse(null);
        if (types == null) {
            Arrays.fill(attributes, NORMAL);
            return attributes;
        }
        if (types.length < n) {
            throw new IllegalArgumentException(
                    "tokenizer.ggml.token_type has %d values for %d tokens".formatted(types.length, n));
        }
        for (int id = 0; id < n; id++) {
            attributes[id] = switch (types[id]) {
                case 1 -> NORMAL;
                case 2 -> UNKNOWN;
                case 3 -> CONTROL;
                case 4 -> USER_DEFINED;
                case 5 -> UNUSED;
                case 6 -> BYTE;
                default -> 0; // undefined: such a token never renders
            };
        }
        return attributes;
    }

    /** The id under {@code tokenizer.ggml.<name>}; as llama.cpp, an id outside the vocabulary keeps the default. */
    private int specialId(GgufMetadata metadata, String name, int fallback) {
        int id = fallback < texts.length ? fallback : -1;
        long value = metadata.optionalInteger(KEY + name).orElse(-1L); // UINT32 -1 (no token) reads as -1
        return value >= 0 && value < texts.length ? (int) value : id;
    }

    /**
     * llama.cpp's detection of end-of-turn, fill-in-the-middle and end-of-generation tokens by their
     * text, which also makes such tokens CONTROL. llama.cpp walks a hash map, so where several texts
     * of one kind exist which one it takes first is unspecified; this walks ids in order.
     */
    private void findEndOfGeneration(GgufMetadata metadata) {
        int eot = specialId(metadata, "eot_token_id", -1);
        int eom = specialId(metadata, "eom_token_id", -1);
        int fimPrefix = specialId(metadata, "prefix_token_id", specialId(metadata, "fim_pre_token_id", -1));
        int fimSuffix = specialId(metadata, "suffix_token_id", specialId(metadata, "fim_suf_token_id", -1));
        int fimMiddle = specialId(metadata, "middle_token_id", specialId(metadata, "fim_mid_token_id", -1));
        int fimPad = specialId(metadata, "fim_pad_token_id", -1);
        int fimRepo = specialId(metadata, "fim_rep_token_id", -1);
        int fimSeparator = specialId(metadata, "fim_sep_token_id", -1);
        for (int id = 0; id < texts.length; id++) {
            String text = texts[id];
            if (eot < 0 && END_OF_TURN.contains(text)) {
                eot = markControl(id);
            }
            if (eom < 0 && text.equals("<|eom_id|>")) {
                eom = markControl(id);
            }
            if (fimPrefix < 0 && FIM_PREFIX.contains(text)) {
                fimPrefix = markControl(id);
            }
            if (fimSuffix < 0 && FIM_SUFFIX.contains(text)) {
                fimSuffix = markControl(id);
            }
            if (fimMiddle < 0 && FIM_MIDDLE.contains(text)) {
                fimMiddle = markControl(id);
            }
            if (fimPad < 0 && FIM_PAD.contains(text)) {
                fimPad = markControl(id);
            }
            if (fimRepo < 0 && FIM_REPO.contains(text)) {
                fimRepo = markControl(id);
            }
            if (fimSeparator < 0 && FIM_SEPARATOR.contains(text)) {
                fimSeparator = markControl(id);
            }
        }
        for (int id = 0; id < texts.length; id++) {
            if ((attributes[id] & CONTROL) != 0 && texts[id].contains("unused")) {
                attributes[id] |= UNUSED;
            }
        }
        for (int id : new int[] {fimPad, fimRepo, fimSeparator}) {
            if (id >= 0) {
                endOfGeneration.set(id);
            }
        }
        for (int id = 0; id < texts.length; id++) {
            if (END_OF_GENERATION.contains(texts[id])) {
                endOfGeneration.set(id);
                markControl(id);
            }
            if (ALWAYS_RENDERED.contains(texts[id])) {
                attributes[id] = USER_DEFINED; // llama.cpp's gpt-oss hack: these are printed
            }
        }
        for (int id : new int[] {eos, eot, eom}) {
            if (id >= 0) {
                endOfGeneration.set(id);
            }
        }
        // gpt-oss and solar-open end a message, not the generation, with <|end|>
        int end = endOfGenerationToken("<|end|>");
        boolean call = endOfGenerationToken("<|call|>") >= 0 || endOfGenerationToken("<|calls|>") >= 0;
        if (end >= 0 && call && (endOfGenerationToken("<|return|>") >= 0 || endOfGenerationToken("<|flush|>") >= 0)) {
            endOfGeneration.clear(end);
            attributes[end] = USER_DEFINED;
        }
        // gemma4 and paddleocr: </s> is text there
        int closingS = endOfGenerationToken("</s>");
        if (closingS >= 0 && endOfGenerationToken("<|tool_response>") >= 0) {
            endOfGeneration.clear(closingS);
            attributes[closingS] = NORMAL;
        }
    }

    private int markControl(int id) {
        attributes[id] |= CONTROL;
        return id;
    }

    private int endOfGenerationToken(String text) {
        Integer id = ids.get(text);
        return id != null && endOfGeneration.get(id) ? id : -1;
    }

    /** llama.cpp sets per-token attributes for some models by name; Phi-3's special tokens swallow the spaces after them. */
    private void applyModelQuirks(GgufMetadata metadata) {
        String name = metadata.optionalString("general.name").orElse("").toLowerCase(Locale.ROOT);
        if (name.contains("phi-3") || name.contains("phi3")) {
            for (int id : specialTokens) {
                attributes[id] |= RSTRIP;
            }
            setRstrip("</s>", true);
            for (String text : List.of("<unk>", "<s>", "<|endoftext|>")) {
                setRstrip(text, false);
            }
        }
    }

    private void setRstrip(String text, boolean on) {
        Integer id = ids.get(text);
        if (id != null) {
            attributes[id] = on ? attributes[id] | RSTRIP : attributes[id] & ~RSTRIP;
        }
    }

    int size() {
        return texts.length;
    }

    String text(int id) {
        return texts[id];
    }

    float score(int id) {
        return scores[id];
    }

    /** The id of the token whose text is {@code text}, or -1. */
    int id(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    int bos() {
        return bos;
    }

    int eos() {
        return eos;
    }

    int unknown() {
        return unknown;
    }

    boolean addsSpacePrefix() {
        return addSpacePrefix;
    }

    boolean isEndOfGeneration(int id) {
        return id >= 0 && id < texts.length && endOfGeneration.get(id);
    }

    OptionalInt specialToken(String text) {
        Integer id = ids.get(text);
        return id != null && (attributes[id] & (CONTROL | USER_DEFINED)) != 0
                ? OptionalInt.of(id)
                : OptionalInt.empty();
    }

    /**
     * llama.cpp's {@code llama_tokenize}: BOS when asked for and the vocabulary adds it, the
     * fragments between special tokens encoded by {@code segmenter}, then EOS likewise.
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial, Segmenter segmenter) {
        IntStream.Builder out = IntStream.builder();
        if (addSpecial && addBos) {
            out.add(bos);
        }
        boolean afterSpecial = true;
        for (Fragment fragment : partition(text, parseSpecial)) {
            switch (fragment) {
                case Fragment.Text(String plain) -> {
                    segmenter.encode(plain, afterSpecial, out);
                    afterSpecial = false;
                }
                case Fragment.Special(int id) -> {
                    out.add(id);
                    afterSpecial = true;
                }
            }
        }
        if (addSpecial && addEos) {
            out.add(eos);
        }
        return out.build().toArray();
    }

    /**
     * llama.cpp's {@code tokenizer_st_partition}: every occurrence of a special token's text becomes
     * that token, longest tokens first. USER_DEFINED tokens are always split out; CONTROL and UNKNOWN
     * ones only when {@code parseSpecial}.
     */
    List<Fragment> partition(String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment.Text(text));
        for (int id : specialTokens) {
            int attribute = attributes[id];
            if (!parseSpecial && (attribute & (CONTROL | UNKNOWN)) != 0) {
                continue;
            }
            String special = texts[id];
            if (fragments.stream().noneMatch(f -> f instanceof Fragment.Text(String t) && t.contains(special))) {
                continue;
            }
            List<Fragment> split = new ArrayList<>(fragments.size() + 2);
            for (Fragment fragment : fragments) {
                if (fragment instanceof Fragment.Text(String fragmentText)) {
                    String rest = fragmentText;
                    while (true) {
                        int match = rest.indexOf(special);
                        if (match < 0) {
                            split.add(new Fragment.Text(rest));
                            break;
                        }
                        String left = rest.substring(0, match);
                        if ((attribute & LSTRIP) != 0) {
                            left = left.substring(0, left.length() - trailingSpaces(left));
                        }
                        if (!left.isEmpty()) {
                            split.add(new Fragment.Text(left));
                        }
                        split.add(new Fragment.Special(id));
                        rest = rest.substring(match + special.length());
                        if ((attribute & RSTRIP) != 0) {
                            rest = rest.substring(leadingSpaces(rest));
                        }
                        if (rest.isEmpty()) {
                            break;
                        }
                    }
                } else {
                    split.add(fragment);
                }
            }
            fragments = split;
        }
        return fragments;
    }

    /** White space as C's {@code isspace}, which llama.cpp strips around LSTRIP and RSTRIP tokens. */
    private static boolean isCSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static int trailingSpaces(String text) {
        int n = 0;
        while (n < text.length() && isCSpace(text.charAt(text.length() - 1 - n))) {
            n++;
        }
        return n;
    }

    private static int leadingSpaces(String text) {
        int n = 0;
        while (n < text.length() && isCSpace(text.charAt(n))) {
            n++;
        }
        return n;
    }

    /**
     * llama.cpp's {@code token_to_piece} with {@code special=false}: control and unknown tokens are
     * empty, user-defined ones their text, normal ones their text as {@code normal} renders it, byte
     * tokens ({@code <0xXX>}) one byte.
     */
    byte[] piece(int id, Function<String, byte[]> normal) {
        if (id < 0 || id >= texts.length) {
            throw new IllegalArgumentException(
                    "token id %d is outside the vocabulary of %d tokens".formatted(id, texts.length));
        }
        int attribute = attributes[id];
        if ((attribute & (UNKNOWN | CONTROL)) != 0) {
            return EMPTY;
        }
        if ((attribute & USER_DEFINED) != 0) {
            return texts[id].getBytes(StandardCharsets.UTF_8);
        }
        if ((attribute & NORMAL) != 0) {
            return normal.apply(texts[id]);
        }
        if ((attribute & BYTE) != 0) {
            return new byte[] {byteValue(texts[id])};
        }
        return EMPTY;
    }

    /** The byte of a {@code <0xXX>} token, read like llama.cpp's {@code strtol} of its two hex digits. */
    private static byte byteValue(String text) {
        int value = 0;
        for (int i = 3; i < Math.min(5, text.length()); i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                break;
            }
            value = value * 16 + digit;
        }
        return (byte) value;
    }

    /**
     * llama.cpp's {@code llama_detokenize} with {@code remove_special=false, unparse_special=false}:
     * the pieces one after another, minus the leading space that an SPM vocabulary's tokenization
     * added, then llama.cpp's clean-up of spaces where the vocabulary asks for it.
     */
    String detokenize(int[] tokens, IntFunction<byte[]> piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean removeSpace = addSpacePrefix;
        for (int token : tokens) {
            byte[] bytes = piece.apply(token);
            int skip = removeSpace && bytes.length > 0 && bytes[0] == ' ' ? 1 : 0;
            out.write(bytes, skip, bytes.length - skip);
            removeSpace = false;
        }
        byte[] text = out.toByteArray();
        int length = cleanSpaces ? cleanSpaces(text) : text.length;
        return new String(text, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * llama.cpp's three in-place passes of {@code clean_up_tokenization_spaces} over the bytes; returns
     * the new length. Ported literally: the passes read bytes that earlier writes may have moved.
     */
    static int cleanSpaces(byte[] text) {
        int total = text.length;
        // " ?", " !", " .", " ,": drop the space
        int total1 = total;
        total = total > 0 ? 1 : 0;
        for (int i = 1; i < total1; i++) {
            byte x = text[i];
            if (text[i - 1] == ' ' && (x == '?' || x == '!' || x == '.' || x == ',')) {
                total--;
            }
            text[total++] = x;
        }
        // " ' ": keep the apostrophe alone
        int total2 = total;
        total = total > 0 ? 1 : 0;
        for (int i = 1; i < total2; i++) {
            byte x = text[i];
            if (x == '\'' && i + 1 < total2 && text[i - 1] == ' ' && text[i + 1] == ' ') {
                total--;
                text[++i] = 0;
            }
            text[total++] = x;
        }
        // " 's", " 'm", " 're", " 've": join the contraction ("'t", "'d" and "'ll" keep their space)
        int total3 = total;
        total = total > 0 ? 1 : 0;
        for (int i = 1; i < total3; i++) {
            byte x = text[i];
            if (text[i - 1] == ' ' && x == '\'' && i + 1 < total3) {
                byte x1 = text[i + 1];
                if (x1 == 's' || x1 == 'm') {
                    total--;
                } else if (x1 != 't' && x1 != 'd' && i + 2 < total3) {
                    byte x2 = text[i + 2];
                    if ((x1 == 'r' && x2 == 'e') || (x1 == 'v' && x2 == 'e')) {
                        total--;
                    }
                }
            }
            text[total++] = x;
        }
        return total;
    }

    /**
     * {@code text} with a zero-width space after the first character of every special token's text,
     * so that parsing it for special tokens finds none. Single-character special tokens cannot be
     * broken and stay.
     */
    String neutralizeSpecialTokens(String text) {
        String result = text;
        for (int id : specialTokens) {
            String special = texts[id];
            int first = Character.charCount(special.codePointAt(0));
            if (first < special.length() && result.contains(special)) {
                result = result.replace(special, special.substring(0, first) + '\u200B' + special.substring(first));
            }
        }
        return result;
    }
}
