package dev.groundwork.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an API key, {@code gw_<id>_<secret>}: {@code id} is 8 random characters {@code
 * [a-z0-9]} that name the key in listings ({@code gw_<id>} is its visible prefix), {@code secret} is
 * 256 random bits in unpadded base64url (43 characters).
 *
 * <p>A key is stored as the SHA-256 of its text, not with a slow password hash. Slow hashes
 * (Argon2, bcrypt, PBKDF2) exist to make guessing low-entropy human passwords expensive; a key
 * carries 256 bits from a {@link SecureRandom}, so no number of guesses, however fast each is,
 * comes close to finding one from its hash. A fast hash keeps the check cheap on every request
 * and lets the database find the key by its hash through a unique index.
 */
public record ApiKeyToken(String id, String secret) {

    static final String PREFIX = "gw_";
    static final int ID_LENGTH = 8;
    static final int SECRET_BYTES = 32;
    /** The shortest key accepted from configuration, where any text may be given. */
    static final int MIN_CONFIGURED_LENGTH = 32;

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern FORMAT = Pattern.compile("gw_([a-z0-9]{8})_([A-Za-z0-9_-]{43})");

    public ApiKeyToken {
        if (id == null || !id.matches("[a-z0-9]{" + ID_LENGTH + "}")) {
            throw new IllegalArgumentException("API key id must be 8 characters a-z or 0-9, not '" + id + "'");
        }
        if (secret == null || !secret.matches("[A-Za-z0-9_-]{43}")) {
            throw new IllegalArgumentException("API key secret must be 43 base64url characters (256 bits)");
        }
    }

    /** A new key from {@code random}. */
    public static ApiKeyToken generate(SecureRandom random) {
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new ApiKeyToken(
                id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The key in {@code text}, if it has the {@code gw_<id>_<secret>} form. */
    public static Optional<ApiKeyToken> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(text);
        return matcher.matches() ? Optional.of(new ApiKeyToken(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** What the user copies: {@code gw_<id>_<secret>}. */
    public String text() {
        return PREFIX + id + "_" + secret;
    }

    /** The part that names the key without revealing it: {@code gw_<id>}. */
    public String prefix() {
        return PREFIX + id;
    }

    /** The SHA-256 of a key's text (any text: configured keys need not have the {@code gw_} form). */
    public static byte[] hash(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /**
     * The visible prefix of any key text: {@code gw_<id>} for keys of that form, else {@code sha256:}
     * and the first 8 hex digits of the hash (a configured key of another form shows none of its text).
     */
    public static String prefixOf(String text) {
        return parse(text)
                .map(ApiKeyToken::prefix)
                .orElseGet(
                        () -> "sha256:" + HexFormat.of().formatHex(hash(text)).substring(0, 8));
    }

    /**
     * Checks a key given in configuration, where any text is accepted if it is long enough to be
     * unguessable.
     *
     * @throws IllegalArgumentException naming {@code property}, if it is too short
     */
    public static String checkConfigured(String text, String property) {
        String key = text.strip();
        if (key.length() < MIN_CONFIGURED_LENGTH) {
            throw new IllegalArgumentException(
                    property + " is " + key.length() + " characters; an API key needs at least " + MIN_CONFIGURED_LENGTH
                            + " (e.g. the output of 'openssl rand -base64 32')");
        }
        return key;
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return prefix() + "_...";
    }
}
