package dev.tollgate.router.controlplane.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** New API keys, management tokens and ids, from {@link SecureRandom}; and the SHA-256 of tokens. */
public final class Secrets {

    public static final String API_KEY_PREFIX = "tg_";
    public static final String MANAGEMENT_TOKEN_PREFIX = "tgm_";
    /** How many characters of a key are kept to tell keys apart, e.g. {@code tg_AbCde}. */
    public static final int DISPLAY_PREFIX_LENGTH = 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** {@code tg_} and 43 URL-safe characters: 256 random bits. */
    public static String newApiKey() {
        return API_KEY_PREFIX + randomText(32);
    }

    /** {@code tgm_} and 43 URL-safe characters: 256 random bits. */
    public static String newManagementToken() {
        return MANAGEMENT_TOKEN_PREFIX + randomText(32);
    }

    /** A public id such as {@code acct_...} or {@code key_...}: 120 random bits, safe to log. */
    public static String newId(String prefix) {
        return prefix + randomText(15);
    }

    public static String displayPrefix(String apiKey) {
        return apiKey.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, apiKey.length()));
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String randomText(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return URL_SAFE.encodeToString(random);
    }
}
