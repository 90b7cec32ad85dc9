package dev.tollgate.router.auth;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;

/**
 * Checks the bearer key of a request against the {@link ApiKeyStore}, through a short-lived cache
 * ({@code tollgate.router.key-cache.ttl}). Keys are never logged.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private static final String BEARER_PREFIX = "bearer ";

    private final ApiKeyStore store;
    private final ApiKeyHasher hasher;
    private final ExpiringKeyCache cache;

    @Inject
    public ApiKeyAuthenticator(ApiKeyStore store,
                               @ConfigProperty(name = "tollgate.router.key-pepper") String pepper,
                               @ConfigProperty(name = "tollgate.router.key-cache.ttl", defaultValue = "5s") Duration cacheTtl) {
        this(store, new ApiKeyHasher(pepper), cacheTtl, System::nanoTime);
    }

    ApiKeyAuthenticator(ApiKeyStore store, ApiKeyHasher hasher, Duration cacheTtl, LongSupplier nanoClock) {
        this.store = store;
        this.hasher = hasher;
        this.cache = new ExpiringKeyCache(cacheTtl.toNanos(), nanoClock);
    }

    /** What is stored for a key: its HMAC, the same one {@link #authenticate} looks up. */
    public byte[] hash(String apiKey) {
        return hasher.hash(apiKey);
    }

    /**
     * @param authorizationHeader the request's {@code Authorization} header, possibly {@code null}
     * @return the key and its owner; empty when the header is missing, not a bearer key, or the key is
     *         unknown, revoked or its account suspended
     */
    public Uni<Optional<AuthenticatedKey>> authenticate(String authorizationHeader) {
        Optional<String> key = bearerKey(authorizationHeader);
        if (key.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        byte[] keyHash = hasher.hash(key.get());
        Optional<AuthenticatedKey> cached = cache.get(keyHash);
        if (cached.isPresent()) {
            return Uni.createFrom().item(cached);
        }
        return store.findUsableByHash(keyHash).invoke(found -> found.ifPresent(usable -> cache.put(keyHash, usable)));
    }

    /** Forgets a revoked key on this instance at once (others within the cache's time-to-live). */
    public void forgetKey(String keyId) {
        cache.forgetKey(keyId);
    }

    /** Forgets every key of an account whose profile or status changed, on this instance. */
    public void forgetAccount(String accountId) {
        cache.forgetAccount(accountId);
    }

    static Optional<String> bearerKey(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            return Optional.empty();
        }
        String key = authorizationHeader.substring(BEARER_PREFIX.length()).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
