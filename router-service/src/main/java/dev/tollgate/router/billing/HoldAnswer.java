package dev.tollgate.router.billing;

/**
 * The ledger's view of a hold after a command, and what the account holds at that moment.
 *
 * @param holdId          the ledger hold that pays: the request's hold, or the grant a request was reserved from
 * @param heldMicros      what the hold authorised (for a reservation from a grant: what was reserved for the request)
 * @param balanceMicros   the account's balance (credits bought minus usage charged)
 * @param availableMicros the balance minus what the account's holds reserve
 * @param lastSequence    the sequence of the account's last ledger entry these figures include; 0 when not known
 *                        (a local reservation, or an older ledger)
 */
public record HoldAnswer(String holdId, String status, long heldMicros, String currency, long balanceMicros,
                         long availableMicros, long lastSequence) {

    /** An answer without the sequence of the figures. */
    public HoldAnswer(String holdId, String status, long heldMicros, String currency, long balanceMicros, long availableMicros) {
        this(holdId, status, heldMicros, currency, balanceMicros, availableMicros, 0);
    }
}
