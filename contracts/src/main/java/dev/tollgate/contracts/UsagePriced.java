package dev.tollgate.contracts;

import java.time.Instant;

/**
 * Metering priced one request (metering → ledger). The envelope's {@code causationId} is the
 * {@link UsageRecorded} event id; its {@code eventId} is derived from it, so pricing the same usage
 * twice yields the same event and the ledger applies it once.
 *
 * @param requestId   the gateway's request id
 * @param requestedAt when the request was made (the prices used are those in force then)
 * @param model       the model that served it
 * @param provider    its provider
 * @param routingMode how the model was chosen
 * @param breakdown   the full price breakdown; {@code breakdown.total()} is the amount to charge
 * @param tier        the tier the request was routed in ({@link UsageRecorded#tier()}), if known; added
 *                    after v1 shipped, so optional (for revenue by tier)
 */
public record UsagePriced(
        String requestId,
        Instant requestedAt,
        String model,
        String provider,
        RoutingMode routingMode,
        PriceBreakdown breakdown,
        String tier) implements EventPayload {

    /** Priced usage without the tier (as produced before it was added). */
    public UsagePriced(String requestId, Instant requestedAt, String model, String provider, RoutingMode routingMode,
                       PriceBreakdown breakdown) {
        this(requestId, requestedAt, model, provider, routingMode, breakdown, null);
    }
}
