package dev.tollgate.payments.security;

import io.smallrye.config.ConfigMapping;

import dev.tollgate.access.AccessTokens;

/**
 * The bearer tokens of the payments API: {@code tollgate.payments.auth.tokens."<principal>".sha256} (SHA-256 hex
 * of the token) and {@code .roles} ({@link Roles}). The principal is who reissued an invoice, in the records.
 */
@ConfigMapping(prefix = "tollgate.payments.auth")
public interface PaymentsAccessTokens extends AccessTokens {
}
