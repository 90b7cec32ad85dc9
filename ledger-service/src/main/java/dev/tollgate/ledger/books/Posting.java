package dev.tollgate.ledger.books;

import dev.tollgate.contracts.Money;

/**
 * One line of a journal entry: an amount debited or credited to an account of the books.
 * Amounts are always positive; the side says the direction.
 */
public record Posting(BookAccount account, Side side, Money amount) {

    public enum Side { DEBIT, CREDIT }

    public Posting {
        if (amount.amountMicros() <= 0) {
            throw new IllegalArgumentException("a posting moves a positive amount, was " + amount.amountMicros() + " to " + account.name());
        }
    }

    /** Signed the way a liability or revenue account counts it: credits add, debits subtract. */
    public long creditMinusDebitMicros() {
        return side == Side.CREDIT ? amount.amountMicros() : -amount.amountMicros();
    }
}
