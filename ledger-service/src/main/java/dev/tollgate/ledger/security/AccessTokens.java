package dev.tollgate.ledger.security;

import java.util.Map;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Bearer tokens that may call the finance endpoints, from configuration. Only the SHA-256 of each
 * token is configured, so the configuration (and anything that logs it) never holds a usable secret.
 */
@ConfigMapping(prefix = "tollgate.ledger.auth")
public interface AccessTokens {

    /** Tokens by principal name (who made an adjustment, in the log). */
    Map<String, Token> tokens();

    interface Token {
        /** SHA-256 of the token, lowercase hex. */
        String sha256();

        /** {@code finance}, or {@code account:<id>} for a customer who sees only that account. */
        @WithDefault("")
        Set<String> roles();
    }
}
