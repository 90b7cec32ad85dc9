package dev.tollgate.router.auth;

import java.util.Objects;

/**
 * What authenticating a gateway API key yields: its owner (account, key id, the account's profile, the
 * key's spend limit) and the key's own rate limits.
 */
public record AuthenticatedKey(ApiKeyOwner owner, KeyRateLimits rateLimits) {

    public AuthenticatedKey {
        Objects.requireNonNull(owner, "owner");
        rateLimits = rateLimits == null ? KeyRateLimits.DEFAULTS : rateLimits;
    }
}
