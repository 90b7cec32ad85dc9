package dev.tollgate.launcher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secrets of one local run, new at every {@code ./tollgate up}: the operator's bearer token (the services
 * are given only its SHA-256, never the token) and the Stripe webhook signing secret (handed to payments
 * through its environment, so it does not show in process listings). Both are written to {@code local.env},
 * readable by the owner only, so anyone on the machine's account can call the control plane and send
 * signed test webhooks.
 */
record LocalSecrets(String operatorToken, String stripeWebhookSecret) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static LocalSecrets generate() {
        return new LocalSecrets(random("tgo_"), random("whsec_"));
    }

    String operatorTokenSha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(operatorToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "LocalSecrets[redacted]";
    }

    /** A prefix that says what the secret is, then 192 random bits, URL-safe. */
    static String random(String prefix) {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
