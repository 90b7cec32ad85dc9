package dev.tollgate.contracts;

/**
 * The router served a request and the upstream reported this usage (router → metering).
 * The envelope's {@code occurredAt} is when the request was made: it is priced at the prices in force then.
 *
 * @param requestId          the gateway's id of the request; pricing is idempotent on it
 * @param apiKeyId           public id of the API key used (never the key itself)
 * @param model              the model that served the request
 * @param provider           the upstream provider of that model
 * @param routingMode        how the model was chosen (decides the routing margin)
 * @param tier               the tier the request was routed in, if known
 * @param promptTokens       all prompt tokens, cached ones included
 * @param cachedPromptTokens the part of {@code promptTokens} served from the provider's cache
 * @param completionTokens   completion tokens produced
 * @param upstreamStatus     HTTP status the upstream answered with
 * @param streamed           whether the answer was streamed
 * @param holdId             the ledger hold that paid for the request: the router instance's grant (or a per-request
 *                           hold); the ledger settles it with the request's charge. Added after v1 shipped, so optional:
 *                           without it the charge settles the hold of the request id.
 */
public record UsageRecorded(
        String requestId,
        String apiKeyId,
        String model,
        String provider,
        RoutingMode routingMode,
        String tier,
        long promptTokens,
        long cachedPromptTokens,
        long completionTokens,
        int upstreamStatus,
        boolean streamed,
        String holdId) implements EventPayload {

    /** A usage without the hold that paid for it (as recorded before it was added). */
    public UsageRecorded(String requestId, String apiKeyId, String model, String provider, RoutingMode routingMode, String tier,
                         long promptTokens, long cachedPromptTokens, long completionTokens, int upstreamStatus, boolean streamed) {
        this(requestId, apiKeyId, model, provider, routingMode, tier, promptTokens, cachedPromptTokens, completionTokens,
                upstreamStatus, streamed, null);
    }

    public UsageRecorded {
        if (promptTokens < 0 || completionTokens < 0 || cachedPromptTokens < 0 || cachedPromptTokens > promptTokens) {
            throw new IllegalArgumentException("token counts must be >= 0 and cached <= prompt");
        }
    }
}
