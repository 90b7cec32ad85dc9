package dev.tollgate.ledger.domain;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;

/**
 * What the ledger knows of one account's stream: its balance, the sequence of its last entry, and whether
 * it was closed. Only {@link #evolve} changes it, one entry at a time, in order.
 *
 * @param closed an {@link AccountClosed} is on the stream: the account takes no new holds and no adjustment
 *               away from zero, while facts (payments taken, usage served, refunds paid) are still recorded
 */
public record AccountState(String accountId, Money balance, long lastSequence, boolean closed) {

    /** A state that is not closed. */
    public AccountState(String accountId, Money balance, long lastSequence) {
        this(accountId, balance, lastSequence, false);
    }

    /** An account whose stream has no entry yet. */
    public static AccountState unopened(String accountId, String currency) {
        return new AccountState(accountId, Money.zero(currency), 0);
    }

    public boolean isOpened() {
        return lastSequence > 0;
    }

    public boolean isClosed() {
        return closed;
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
        if (entry instanceof AccountClosed && closed) {
            throw new IllegalStateException("account " + accountId + " is closed already");
        }
        return new AccountState(accountId, entry.balanceAfter(), entry.sequence(), closed || entry instanceof AccountClosed);
    }
}
