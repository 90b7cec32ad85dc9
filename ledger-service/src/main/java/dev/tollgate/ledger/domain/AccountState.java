package dev.tollgate.ledger.domain;

import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;

/**
 * What the ledger knows of one account's stream: its balance and the sequence of its last entry.
 * Only {@link #evolve} changes it, one entry at a time, in order.
 */
public record AccountState(String accountId, Money balance, long lastSequence) {

    /** An account whose stream has no entry yet. */
    public static AccountState unopened(String accountId, String currency) {
        return new AccountState(accountId, Money.zero(currency), 0);
    }

    public boolean isOpened() {
        return lastSequence > 0;
    }

    public long nextSequence() {
        return lastSequence + 1;
    }

    public AccountState evolve(LedgerEvent entry) {
        if (entry.sequence() != nextSequence()) {
            throw new IllegalStateException("entry " + entry.sequence() + " does not follow " + lastSequence + " of " + accountId);
        }
        if (!balance.plus(entry.amount()).equals(entry.balanceAfter())) {
            throw new IllegalStateException("entry " + entry.sequence() + " of " + accountId + " does not add up");
        }
        return new AccountState(accountId, entry.balanceAfter(), entry.sequence());
    }
}
