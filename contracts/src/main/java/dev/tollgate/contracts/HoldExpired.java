package dev.tollgate.contracts;

/**
 * The ledger released a hold by itself. Either neither capture nor release came before the hold expired
 * (a router that crashed mid-request), or the hold was captured but the request's {@link UsageCharged}
 * never arrived within the time allowed for it (a usage event lost upstream): then {@code capturedNotCharged}
 * is the captured cost that is no longer reserved, for finance to investigate. {@code amount} is zero;
 * {@code released} became available again.
 *
 * @param capturedNotCharged the captured cost whose charge never arrived; null when an open hold expired.
 *                           Added after v1 shipped, so optional on the wire
 */
public record HoldExpired(long sequence, Money amount, Money balanceAfter, String holdId, String requestId,
                          Money released, Money capturedNotCharged) implements LedgerEvent {

    /** An open hold that expired (as written before {@code capturedNotCharged} was added). */
    public HoldExpired(long sequence, Money amount, Money balanceAfter, String holdId, String requestId, Money released) {
        this(sequence, amount, balanceAfter, holdId, requestId, released, null);
    }
}
