package dev.tollgate.router.auth;

import java.util.Objects;

/**
 * Whom an API key belongs to.
 *
 * @param accountId the account the key spends from
 * @param keyId     the key's public id, safe to log and record (never the key itself)
 */
public record ApiKeyOwner(String accountId, String keyId) {

    public ApiKeyOwner {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(keyId, "keyId");
    }
}
