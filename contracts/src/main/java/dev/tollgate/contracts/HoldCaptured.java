package dev.tollgate.contracts;

/**
 * The router finished the request of a hold and told the ledger what it actually cost. Capture is not
 * the debit: the one debit of a request is its {@link UsageCharged} (priced exactly by metering), so a
 * request is charged exactly once whatever the router does. Capture shrinks the hold to {@code captured}
 * (kept reserved until that charge is appended) and gives {@code released} back to the available balance.
 * {@code amount} is zero.
 *
 * @param captured what stays reserved until the request's charge arrives (never more than the hold)
 * @param released what the capture gave back (hold minus captured)
 */
public record HoldCaptured(long sequence, Money amount, Money balanceAfter, String holdId, String requestId,
                           Money captured, Money released) implements LedgerEvent {
}
