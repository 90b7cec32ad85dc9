package dev.tollgate.router.controlplane.persistence;

import dev.tollgate.router.auth.KeyRateLimits;

/** A key to store: its HMAC only, with the prefix shown to tell keys apart. */
public record NewKey(String keyId, String accountId, byte[] keyHash, String displayPrefix, String name,
                     Long spendLimitMicros, KeyRateLimits rateLimits) {
}
