package dev.tollgate.contracts;

/**
 * An entry of the ledger's append-only log (published by Debezium on {@link Topics#LEDGER_EVENTS}).
 * Every entry carries its place in the account's stream and the balance right after it, so a
 * consumer can keep a balance by taking the entry with the highest sequence, and skip what it has seen.
 */
public sealed interface LedgerEvent extends EventPayload
        permits AccountOpened, BalanceAdjusted, PurchaseCredited, UsageCharged, RefundDebited, CreditsReinstated,
        HoldPlaced, HoldCaptured, HoldReleased, HoldExpired, AccountClosed {

    /** Position in the account's stream: 1, 2, 3 ... without gaps. */
    long sequence();

    /** Signed change to the balance (negative for debits). */
    Money amount();

    /** The account's balance after this entry. */
    Money balanceAfter();
}
