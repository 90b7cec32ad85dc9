package dev.tollgate.contracts;

/**
 * The ledger debited the price of one request ({@link UsagePriced}); {@code amount} is the negated total.
 *
 * @param requestId the gateway's request id
 * @param model     the model that served it
 * @param breakdown the price breakdown, kept for the transaction detail view
 * @param provider  the model's provider (for revenue by provider); added after v1 shipped, so optional
 * @param tier      the tier the request was routed in, if known (for revenue by tier); optional too
 * @param holdId    the hold that paid for the request ({@link UsagePriced#holdId()}), whose reservation this charge
 *                  settles (a grant's is drawn down by the charge); optional: without it, the hold of the request id
 */
public record UsageCharged(long sequence, Money amount, Money balanceAfter, String requestId, String model,
                           RoutingMode routingMode, PriceBreakdown breakdown, String provider, String tier,
                           String holdId) implements LedgerEvent {

    /** An entry without the hold that paid for it. */
    public UsageCharged(long sequence, Money amount, Money balanceAfter, String requestId, String model,
                        RoutingMode routingMode, PriceBreakdown breakdown, String provider, String tier) {
        this(sequence, amount, balanceAfter, requestId, model, routingMode, breakdown, provider, tier, null);
    }

    /** An entry without the provider (as written before it was added). */
    public UsageCharged(long sequence, Money amount, Money balanceAfter, String requestId, String model,
                        RoutingMode routingMode, PriceBreakdown breakdown) {
        this(sequence, amount, balanceAfter, requestId, model, routingMode, breakdown, null, null, null);
    }

    /** An entry without the tier. */
    public UsageCharged(long sequence, Money amount, Money balanceAfter, String requestId, String model,
                        RoutingMode routingMode, PriceBreakdown breakdown, String provider) {
        this(sequence, amount, balanceAfter, requestId, model, routingMode, breakdown, provider, null, null);
    }
}
