package dev.tollgate.contracts;

/**
 * A person (finance, or the local launcher seeding demo credits) changed the balance by hand.
 *
 * @param reason why, in words
 * @param author who did it
 */
public record BalanceAdjusted(long sequence, Money amount, Money balanceAfter, String reason, String author)
        implements LedgerEvent {
}
