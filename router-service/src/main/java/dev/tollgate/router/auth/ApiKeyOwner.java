package dev.tollgate.router.auth;

import java.util.Objects;

import dev.tollgate.router.routing.RoutingProfile;

/**
 * Whom an API key belongs to, and what its requests may do.
 *
 * @param accountId        the account the key spends from
 * @param keyId            the key's public id, safe to log and record (never the key itself)
 * @param profile          the account's routing profile
 * @param spendLimitMicros the key's own spend limit in micro-units of the billing currency;
 *                         {@code null}: none
 */
public record ApiKeyOwner(String accountId, String keyId, RoutingProfile profile, Long spendLimitMicros) {

    public ApiKeyOwner {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(profile, "profile");
    }

    /** A key without a limit on an account without restrictions. */
    public ApiKeyOwner(String accountId, String keyId) {
        this(accountId, keyId, RoutingProfile.unrestricted(), null);
    }
}
