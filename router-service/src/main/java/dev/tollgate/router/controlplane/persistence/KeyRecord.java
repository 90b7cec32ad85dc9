package dev.tollgate.router.controlplane.persistence;

import java.time.Instant;

import dev.tollgate.router.auth.KeyRateLimits;

/**
 * An API key as listed: never the key, never its hash.
 *
 * @param spendLimitMicros {@code null}: no limit
 * @param revokedAt        {@code null}: usable
 */
public record KeyRecord(String keyId, String accountId, String name, String displayPrefix, Long spendLimitMicros,
                        KeyRateLimits rateLimits, long spentMicros, Instant createdAt, Instant revokedAt) {
}
