package dev.tollgate.contracts;

/**
 * The ledger debited the price of one request ({@link UsagePriced}); {@code amount} is the negated total.
 *
 * @param requestId the gateway's request id
 * @param model     the model that served it
 * @param breakdown the price breakdown, kept for the transaction detail view
 */
public record UsageCharged(long sequence, Money amount, Money balanceAfter, String requestId, String model,
                           RoutingMode routingMode, PriceBreakdown breakdown) implements LedgerEvent {
}
