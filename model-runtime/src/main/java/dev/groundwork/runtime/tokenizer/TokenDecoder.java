package dev.groundwork.runtime.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns generated tokens into text as they arrive, holding back the bytes of a UTF-8 sequence that
 * a later token completes (an emoji spread over byte tokens), so that no text it returns ends in a
 * broken character.
 *
 * <p>Pieces are joined as llama.cpp's generation loop prints them: no space is removed at the start
 * and no clean-up of spaces applies, unlike {@link Tokenizer#decode}.
 */
public final class TokenDecoder {

    private final Tokenizer tokenizer;
    private byte[] pending = new byte[16];
    private int size;

    public TokenDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** The text that token {@code id} completes; empty while a character is still incomplete. */
    public String next(int id) {
        byte[] piece = tokenizer.piece(id);
        if (size + piece.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, size + piece.length));
        }
        System.arraycopy(piece, 0, pending, size, piece.length);
        size += piece.length;
        int complete = completeLength();
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, size - complete);
        size -= complete;
        return text;
    }

    /** The text still held back, incomplete characters as U+FFFD; the decoder is then empty. */
    public String flush() {
        String text = new String(pending, 0, size, StandardCharsets.UTF_8);
        size = 0;
        return text;
    }

    /**
     * The length of the pending bytes without a trailing UTF-8 sequence that more bytes could still
     * complete. Anything else, valid or not, is released (malformed bytes as U+FFFD), so a stray byte
     * never blocks the text behind it.
     */
    private int completeLength() {
        int lead = size - 1;
        int continuations = 0;
        while (lead >= 0 && continuations < 3 && (pending[lead] & 0xC0) == 0x80) {
            lead--;
            continuations++;
        }
        if (lead < 0) {
            return size;
        }
        int b = pending[lead] & 0xFF;
        int expected = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 1;
        return expected > continuations + 1 ? lead : size;
    }
}
