package dev.tollgate.contracts;

/**
 * The account's stream ends: no further purchase, charge or hold is accepted. Closing moves no money
 * ({@code amount} is zero); an unspent balance is refunded (a {@link RefundDebited}) before closing.
 *
 * @param reason why, in words
 * @param author who closed it
 */
public record AccountClosed(long sequence, Money amount, Money balanceAfter, String reason, String author)
        implements LedgerEvent {
}
