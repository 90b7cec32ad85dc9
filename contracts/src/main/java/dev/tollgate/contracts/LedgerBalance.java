package dev.tollgate.contracts;

/**
 * The balance of one account after an entry of its log: the value of the compacted
 * {@link Topics#LEDGER_BALANCES} topic (key: account id). Not an event but a state snapshot, so it
 * travels without the envelope; the newest record of a key replaces the older ones.
 *
 * @param accountId    the account (also the record key)
 * @param balance      balance after the entry at {@code lastSequence}
 * @param available    what can still be spent: the balance minus open holds; at most zero once closed
 * @param lastSequence sequence of the last log entry included; a consumer ignores a lower one
 * @param closed       the account was closed at or before {@code lastSequence} (it can spend nothing); added
 *                     after v1 shipped, so absent (false) in older records
 */
public record LedgerBalance(String accountId, Money balance, Money available, long lastSequence, boolean closed) {

    /** A record of an open account (as written before {@code closed} was added). */
    public LedgerBalance(String accountId, Money balance, Money available, long lastSequence) {
        this(accountId, balance, available, lastSequence, false);
    }
}
