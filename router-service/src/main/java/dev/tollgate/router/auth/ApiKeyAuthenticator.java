package dev.tollgate.router.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Checks the bearer key of a request against the {@link ApiKeyStore}. Keys are never logged. */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private static final String BEARER_PREFIX = "bearer ";

    private final ApiKeyStore store;
    private final ApiKeyHasher hasher;

    public ApiKeyAuthenticator(ApiKeyStore store, @ConfigProperty(name = "tollgate.router.key-pepper") String pepper) {
        this.store = store;
        this.hasher = new ApiKeyHasher(pepper);
    }

    /** Stores a key (hashed) for its owner. */
    public void register(String apiKey, ApiKeyOwner owner) {
        store.add(hasher.hash(apiKey), owner);
    }

    /**
     * @param authorizationHeader the request's {@code Authorization} header, possibly {@code null}
     * @return the key's owner, empty when the header is missing, not a bearer key, or the key is unknown
     */
    public Optional<ApiKeyOwner> authenticate(String authorizationHeader) {
        return bearerKey(authorizationHeader).flatMap(key -> store.findByHash(hasher.hash(key)));
    }

    static Optional<String> bearerKey(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
            return Optional.empty();
        }
        String key = authorizationHeader.substring(BEARER_PREFIX.length()).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
