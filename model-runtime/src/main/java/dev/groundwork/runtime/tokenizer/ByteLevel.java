package dev.groundwork.runtime.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * GPT-2's reversible map between bytes and printable characters, in which byte-level BPE
 * vocabularies write their tokens: printable Latin-1 bytes stand for themselves, the other 68 bytes
 * for U+0100 upwards (so a space is {@code Ġ}).
 */
final class ByteLevel {

    private static final char[] CHAR_OF_BYTE = new char[256];
    /** Byte of each char below U+0144, or -1. */
    private static final int[] BYTE_OF_CHAR = new int[256 + 68];

    static {
        Arrays.fill(BYTE_OF_CHAR, -1);
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) (256 + extra++);
            CHAR_OF_BYTE[b] = c;
            BYTE_OF_CHAR[c] = b;
        }
    }

    private ByteLevel() {}

    /** The character standing for byte value {@code b} (0 to 255). */
    static char character(int b) {
        return CHAR_OF_BYTE[b];
    }

    /** The characters standing for the UTF-8 bytes of {@code text}. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = character(bytes[i] & 0xFF);
        }
        return new String(chars);
    }

    /**
     * The bytes a token's characters stand for. As llama.cpp's {@code llama_decode_text}, a
     * character outside the map is written as {@code [UNK_BYTE_0x<its UTF-8 in hex><token>]}.
     */
    static byte[] decode(String token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
        token.codePoints().forEach(cp -> {
            if (cp < BYTE_OF_CHAR.length && BYTE_OF_CHAR[cp] >= 0) {
                out.write(BYTE_OF_CHAR[cp]);
            } else {
                String unknown = "[UNK_BYTE_0x"
                        + HexFormat.of().formatHex(Character.toString(cp).getBytes(StandardCharsets.UTF_8))
                        + token
                        + "]";
                out.writeBytes(unknown.getBytes(StandardCharsets.UTF_8));
            }
        });
        return out.toByteArray();
    }
}
