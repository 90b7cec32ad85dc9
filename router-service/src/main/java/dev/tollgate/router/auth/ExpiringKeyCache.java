package dev.tollgate.router.auth;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Authenticated keys by key hash, each kept for a short time-to-live, so the gateway's hot path does not
 * query the database for every request. Only found keys are kept (an unknown key costs a lookup every
 * time, so random guesses cannot fill the memory). Entries are dropped on the spot by key or by account
 * when this instance changes them; other instances drop them when their time-to-live runs out.
 *
 * <p>The map is keyed by the HMAC of the key: its timing reveals nothing about the key itself, since
 * nobody can choose an HMAC without the pepper.
 */
final class ExpiringKeyCache {

    /** Above this many entries, expired ones are swept before adding (and all if none had expired). */
    static final int MAX_ENTRIES = 100_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final LongSupplier nanoClock;

    ExpiringKeyCache(long ttlNanos, LongSupplier nanoClock) {
        if (ttlNanos < 0) {
            throw new IllegalArgumentException("ttlNanos must be >= 0, was " + ttlNanos);
        }
        this.ttlNanos = ttlNanos;
        this.nanoClock = nanoClock;
    }

    Optional<AuthenticatedKey> get(byte[] keyHash) {
        String hash = HexFormat.of().formatHex(keyHash);
        Entry entry = entries.get(hash);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoClock.getAsLong() - entry.storedAtNanos() >= ttlNanos) {
            entries.remove(hash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.key());
    }

    void put(byte[] keyHash, AuthenticatedKey key) {
        if (ttlNanos == 0) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            sweep();
        }
        entries.put(HexFormat.of().formatHex(keyHash), new Entry(key, nanoClock.getAsLong()));
    }

    void forgetKey(String keyId) {
        entries.values().removeIf(entry -> entry.key().owner().keyId().equals(keyId));
    }

    void forgetAccount(String accountId) {
        entries.values().removeIf(entry -> entry.key().owner().accountId().equals(accountId));
    }

    int size() {
        return entries.size();
    }

    private void sweep() {
        long now = nanoClock.getAsLong();
        entries.values().removeIf(entry -> now - entry.storedAtNanos() >= ttlNanos);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
    }

    private record Entry(AuthenticatedKey key, long storedAtNanos) {
    }
}
