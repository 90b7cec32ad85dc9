package dev.tollgate.router.auth;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

/** Keeps key hashes in memory; meant for a handful of seeded keys. */
@ApplicationScoped
public class InMemoryApiKeyStore implements ApiKeyStore {

    private final List<StoredKey> keys = new CopyOnWriteArrayList<>();

    @Override
    public void add(byte[] keyHash, ApiKeyOwner owner) {
        keys.add(new StoredKey(keyHash.clone(), owner));
    }

    @Override
    public Optional<ApiKeyOwner> findByHash(byte[] keyHash) {
        // every stored hash is compared, in constant time, without stopping at a match: how long a
        // lookup takes says nothing about which bytes of a guessed key were right
        ApiKeyOwner found = null;
        for (StoredKey key : keys) {
            if (MessageDigest.isEqual(key.hash(), keyHash)) {
                found = key.owner();
            }
        }
        return Optional.ofNullable(found);
    }

    /** What the store holds for tests to check: hashes and owners, never the key. */
    List<byte[]> storedHashes() {
        return keys.stream().map(key -> key.hash().clone()).toList();
    }

    private record StoredKey(byte[] hash, ApiKeyOwner owner) {
    }
}
