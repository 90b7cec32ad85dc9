package dev.tollgate.contracts;

/** The ledger gave back the credits a dispute had debited, because the dispute was won ({@link DisputeWon}). */
public record CreditsReinstated(long sequence, Money amount, Money balanceAfter, String disputeId, String paymentId)
        implements LedgerEvent {
}
