package dev.tollgate.router.api;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import dev.tollgate.router.auth.ApiKeyOwner;

/**
 * What the gateway knows about the request being served. Created when {@link ApiKeyFilter} first
 * touches it, i.e. when the request arrives: that instant is when the request was made, the
 * moment its usage is priced at.
 */
@RequestScoped
public class GatewayRequest {

    private final String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
    private final Instant receivedAt = Instant.now();
    private ApiKeyOwner owner;
    private volatile String outcome;

    public String requestId() {
        return requestId;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    /** The key's owner, empty until (or unless) the request is authenticated. */
    public Optional<ApiKeyOwner> owner() {
        return Optional.ofNullable(owner);
    }

    /** The owner of an authenticated request; the endpoints only run for those. */
    public ApiKeyOwner authenticatedOwner() {
        return owner().orElseThrow(() -> new IllegalStateException("request " + requestId + " is not authenticated"));
    }

    void authenticatedAs(ApiKeyOwner owner) {
        this.owner = owner;
    }

    /** How the request ended when it was refused: the OpenAI error code it was answered with (metrics and logs). */
    public Optional<String> outcome() {
        return Optional.ofNullable(outcome);
    }

    void refusedWith(String code) {
        this.outcome = code == null || code.isBlank() ? "error" : code;
    }
}
