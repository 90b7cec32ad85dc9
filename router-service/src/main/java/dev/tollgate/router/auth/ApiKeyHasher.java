package dev.tollgate.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns an API key into what is stored and compared: HMAC-SHA256 keyed by a server-side secret
 * (the "pepper"). API keys are long random strings, so a fast keyed hash is enough (no password
 * stretching needed), and without the pepper a leaked table of hashes cannot even be brute-forced.
 */
public final class ApiKeyHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec pepper;

    public ApiKeyHasher(String pepper) {
        if (pepper == null || pepper.isBlank()) {
            throw new IllegalArgumentException("the API key pepper must not be empty");
        }
        this.pepper = new SecretKeySpec(pepper.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public byte[] hash(String apiKey) {
        try {
            // a Mac is not thread-safe and cheap to create: one per call
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            return mac.doFinal(apiKey.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
        }
    }
}
