package dev.tollgate.router.billing;

import io.smallrye.mutiny.Uni;

/**
 * What {@link GrantLeases} asks of the ledger: a grant (a hold for this router instance and one account, spent in
 * memory over many requests) and its settlement. Failures as in {@link LedgerHolds}: {@link InsufficientCreditsException}
 * when the available balance cannot cover the grant, {@link HoldConflictException} when the grant's state refuses
 * the command, {@link LedgerUnavailableException} when the ledger does not answer.
 */
public interface GrantLedger {

    /** Places the grant {@code grantId}; placing it again with the same terms is a no-op at the ledger. */
    Uni<HoldAnswer> placeGrant(String accountId, String grantId, long amountMicros, String currency);

    /**
     * Settles the grant with the total the router used on it: the ledger keeps reserved what of that is not charged
     * yet and gives the rest back at once. Settling again with the same total is a no-op.
     */
    Uni<HoldAnswer> settleGrant(String grantId, long usedMicros);
}
