package dev.tollgate.router.auth;

import java.util.Optional;

/**
 * Where API keys live, as hashes only (see {@link ApiKeyHasher}). The in-memory store holds the
 * seeded demo key; a PostgreSQL-backed store owned by the control plane replaces it later.
 */
public interface ApiKeyStore {

    void add(byte[] keyHash, ApiKeyOwner owner);

    /** The owner of the key with this hash; implementations compare hashes in constant time. */
    Optional<ApiKeyOwner> findByHash(byte[] keyHash);
}
