package dev.tollgate.router.auth;

import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * Where API keys live, as hashes only (see {@link ApiKeyHasher}): the control plane's table in
 * PostgreSQL. {@link ApiKeyAuthenticator} caches what it answers.
 */
public interface ApiKeyStore {

    /** The key with this hash if it is usable: not revoked, of an active account with a routing profile. */
    Uni<Optional<AuthenticatedKey>> findUsableByHash(byte[] keyHash);
}
