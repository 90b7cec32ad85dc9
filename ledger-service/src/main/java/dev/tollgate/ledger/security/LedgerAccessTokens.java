package dev.tollgate.ledger.security;

import io.smallrye.config.ConfigMapping;

import dev.tollgate.access.AccessTokens;

/**
 * The bearer tokens of the finance API: {@code tollgate.ledger.auth.tokens."<principal>".sha256} (SHA-256 hex of
 * the token) and {@code .roles} ({@link Roles}). The principal is who made an adjustment, in the log.
 */
@ConfigMapping(prefix = "tollgate.ledger.auth")
public interface LedgerAccessTokens extends AccessTokens {
}
