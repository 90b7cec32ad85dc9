package dev.tollgate.router.billing;

import java.util.Optional;

import dev.tollgate.contracts.Money;

import io.smallrye.mutiny.Uni;

/**
 * The ledger's hold API as the router uses it. Every call fails with {@link LedgerUnavailableException}
 * when the ledger does not answer, {@link #place} also with {@link InsufficientCreditsException}.
 */
public interface LedgerHolds {

    /** Reserves {@code amountMicros} of the account's available balance for one request. Idempotent on {@code holdId}. */
    Uni<HoldAnswer> place(String accountId, String holdId, String requestId, long amountMicros, String currency);

    /** Tells the ledger what the request actually cost: the hold shrinks to that until the charge arrives. */
    Uni<HoldAnswer> capture(String holdId, long amountMicros);

    /** Nothing is billable: the whole hold goes back to the available balance. */
    Uni<HoldAnswer> release(String holdId);

    /** The account's balance now; empty for an account the ledger does not know. */
    Uni<Optional<Money>> balance(String accountId);
}
