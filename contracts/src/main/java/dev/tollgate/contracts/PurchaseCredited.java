package dev.tollgate.contracts;

/** The ledger granted the credits of a confirmed payment ({@link CreditsPurchased}). */
public record PurchaseCredited(long sequence, Money amount, Money balanceAfter, String paymentId)
        implements LedgerEvent {
}
