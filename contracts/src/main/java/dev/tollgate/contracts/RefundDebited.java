package dev.tollgate.contracts;

/** The ledger removed refunded credits ({@link CreditsRefunded}). */
public record RefundDebited(long sequence, Money amount, Money balanceAfter, String refundId, String paymentId)
        implements LedgerEvent {
}
