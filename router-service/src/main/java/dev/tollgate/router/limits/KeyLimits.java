package dev.tollgate.router.limits;

import dev.tollgate.router.auth.ApiKeyOwner;

import io.smallrye.mutiny.Uni;

/**
 * The per-key limits a request must pass before the upstream is called: the token rate limit and the
 * key's own spend limit (the request rate limit is applied earlier, with authentication). A refused
 * request fails with a {@code GatewayException} (429 with Retry-After for rates, 403 "key limit" for
 * spend) and is never billed.
 */
public interface KeyLimits {

    /**
     * Admits a request whose worst case is {@code estimatedTokens} tokens and {@code worstCaseMicros}
     * of credit, or fails the Uni with the refusal.
     */
    Uni<Void> admit(ApiKeyOwner owner, long estimatedTokens, long worstCaseMicros);

    /** Records what an answered request actually cost the key (once per request id). */
    Uni<Void> recordSpend(ApiKeyOwner owner, String requestId, long tokens, long costMicros);
}
