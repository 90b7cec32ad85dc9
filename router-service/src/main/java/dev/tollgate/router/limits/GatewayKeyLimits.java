package dev.tollgate.router.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;

import dev.tollgate.router.api.GatewayException;
import dev.tollgate.router.api.OpenAiError;
import dev.tollgate.router.auth.ApiKeyOwner;
import dev.tollgate.router.auth.AuthenticatedKey;
import dev.tollgate.router.auth.KeyRateLimits;
import dev.tollgate.router.controlplane.persistence.KeySpendTable;

/**
 * The per-key limits: request rate (checked with authentication), token rate and the key's spend limit
 * (checked before the upstream call), and the spend each billed answer adds. Rates are counted in this
 * instance's memory; spend is in PostgreSQL, shared by every instance.
 */
@ApplicationScoped
public class GatewayKeyLimits implements KeyLimits {

    static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";
    static final String KEY_LIMIT_REACHED = "key_limit_reached";
    static final String REQUESTS_TYPE = "requests";
    static final String TOKENS_TYPE = "tokens";

    private final long defaultRequestsPerMinute;
    private final long defaultTokensPerMinute;
    private final RateLimiter requests;
    private final RateLimiter tokens;
    private final KeySpendTable spend;
    /** Each key's own rates, as last seen by authentication (a key is always authenticated before admit). */
    private final Map<String, KeyRateLimits> keyRates = new ConcurrentHashMap<>();

    @Inject
    public GatewayKeyLimits(@ConfigProperty(name = "tollgate.router.limits.requests-per-minute") long defaultRequestsPerMinute,
                            @ConfigProperty(name = "tollgate.router.limits.tokens-per-minute") long defaultTokensPerMinute,
                            KeySpendTable spend) {
        this.defaultRequestsPerMinute = defaultRequestsPerMinute;
        this.defaultTokensPerMinute = defaultTokensPerMinute;
        this.requests = new RateLimiter(System::nanoTime);
        this.tokens = new RateLimiter(System::nanoTime);
        this.spend = spend;
    }

    /**
     * Counts one request of a just-authenticated key.
     *
     * @throws GatewayException 429 {@code rate_limit_exceeded} with Retry-After when the key is over its request rate
     */
    public void admitRequest(AuthenticatedKey key) {
        String keyId = key.owner().keyId();
        keyRates.put(keyId, key.rateLimits());
        long perMinute = key.rateLimits().requestsPerMinute() == null ? defaultRequestsPerMinute : key.rateLimits().requestsPerMinute();
        long waitNanos = requests.tryAcquire(keyId, perMinute, 1);
        if (waitNanos > 0) {
            throw rateLimited(REQUESTS_TYPE, "Rate limit reached for requests on this API key: limit " + perMinute + " requests per minute.", waitNanos);
        }
    }

    @Override
    public Uni<Void> admit(ApiKeyOwner owner, long estimatedTokens, long worstCaseMicros) {
        KeyRateLimits rates = keyRates.getOrDefault(owner.keyId(), KeyRateLimits.DEFAULTS);
        long perMinute = rates.tokensPerMinute() == null ? defaultTokensPerMinute : rates.tokensPerMinute();
        long waitNanos = tokens.tryAcquire(owner.keyId(), perMinute, Math.max(0, estimatedTokens));
        if (waitNanos > 0) {
            return Uni.createFrom().failure(rateLimited(TOKENS_TYPE, "Rate limit reached for tokens on this API key: limit " + perMinute
                    + " tokens per minute, this request may use up to " + estimatedTokens + ".", waitNanos));
        }
        if (owner.spendLimitMicros() == null) {
            return Uni.createFrom().voidItem();
        }
        return spend.spentMicros(owner.keyId())
                .invoke(spentMicros -> SpendLimit.refusal(owner.spendLimitMicros(), spentMicros, Math.max(0, worstCaseMicros))
                        .ifPresent(message -> {
                            throw new GatewayException(403, OpenAiError.INVALID_REQUEST, null, KEY_LIMIT_REACHED, message);
                        }))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> recordSpend(ApiKeyOwner owner, String requestId, long tokensUsed, long costMicros) {
        if (tokensUsed < 0 || costMicros < 0) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "tokens and cost must be >= 0, were " + tokensUsed + " and " + costMicros + " for request " + requestId));
        }
        return spend.record(requestId, owner.keyId(), tokensUsed, costMicros).replaceWithVoid();
    }

    private static GatewayException rateLimited(String type, String message, long waitNanos) {
        long retryAfterSeconds = RateLimiter.retryAfterSeconds(waitNanos);
        return new GatewayException(429, type, null, RATE_LIMIT_EXCEEDED,
                message + " Try again in " + retryAfterSeconds + " s.", retryAfterSeconds);
    }
}
