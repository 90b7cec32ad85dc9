package dev.tollgate.contracts;

/**
 * The router finished the request of a hold and told the ledger what it actually cost. Capture is not
 * the debit: the one debit of a request is its {@link UsageCharged} (priced exactly by metering), so a
 * request is charged exactly once whatever the router does. Capture shrinks the hold to {@code captured}
 * (kept reserved until that charge is appended) and gives {@code released} back to the available balance.
 * {@code amount} is zero.
 *
 * <p>For a grant ({@link HoldKind#GRANT}) the router settles with the total it used on the grant:
 * {@code captured} is that total (never more than the grant); the grant keeps reserved what of it is not
 * charged yet (charges naming the grant draw that down), and {@code released} is what went back at once.
 *
 * @param captured what stays reserved until the request's charge arrives (never more than the hold); for a grant,
 *                 the total the router used on it
 * @param released what the capture gave back (hold minus captured; for a grant, its reservation before minus after)
 */
public record HoldCaptured(long sequence, Money amount, Money balanceAfter, String holdId, String requestId,
                           Money captured, Money released) implements LedgerEvent {
}
