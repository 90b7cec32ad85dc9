package dev.tollgate.payments.security;

import java.util.Map;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bearer tokens that may call the payments API, from configuration. Only the SHA-256 of each token is
 * configured, so the configuration (and anything that logs it) never holds a usable secret.
 */
@ConfigMapping(prefix = "tollgate.payments.auth")
public interface AccessTokens {

    /** Tokens by principal name (who reissued an invoice, in the records). */
    Map<String, Token> tokens();

    interface Token {
        /** SHA-256 of the token, lowercase hex. */
        String sha256();

        /** {@code operator}, {@code finance}, or {@code account:<id>} for a customer who sees only that account. */
        @WithDefault("")
        Set<String> roles();
    }
}
