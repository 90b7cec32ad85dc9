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
 * @param holdId      the ledger hold that paid for the request ({@link UsageRecorded#holdId()}), if known; optional
 *                    too: the ledger settles that hold with the charge, else the hold of the request id
 */
public record UsagePriced(
        String requestId,
        Instant requestedAt,
        String model,
        String provider,
        RoutingMode routingMode,
        PriceBreakdown breakdown,
        String tier,
        String holdId) implements EventPayload {

    /** Priced usage without the hold that paid for it (as produced before it was added). */
    public UsagePriced(String requestId, Instant requestedAt, String model, String provider, RoutingMode routingMode,
                       PriceBreakdown breakdown, String tier) {
        this(requestId, requestedAt, model, provider, routingMode, breakdown, tier, null);
    }

    /** Priced usage without the tier (as produced before it was added). */
    public UsagePriced(String requestId, Instant requestedAt, String model, String provider, RoutingMode routingMode,
                       PriceBreakdown breakdown) {
        this(requestId, requestedAt, model, provider, routingMode, breakdown, null, null);
    }
}
