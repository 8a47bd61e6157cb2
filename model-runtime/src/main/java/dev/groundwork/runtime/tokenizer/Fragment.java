package dev.groundwork.runtime.tokenizer;

/** A piece of the text to encode once special tokens are split out: plain text, or one special token. */
sealed interface Fragment {

    /** Text that the vocabulary's algorithm encodes; never empty. */
    record Text(String text) implements Fragment {}

    /** A special token found in the text by its exact text. */
    record Special(int id) implements Fragment {}
}
