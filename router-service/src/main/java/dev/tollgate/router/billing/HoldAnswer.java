package dev.tollgate.router.billing;

/**
 * The ledger's view of a hold after a command, and what the account holds at that moment.
 *
 * @param heldMicros      what the hold authorised
 * @param balanceMicros   the account's balance (credits bought minus usage charged)
 * @param availableMicros the balance minus what the account's holds reserve
 */
public record HoldAnswer(String holdId, String status, long heldMicros, String currency, long balanceMicros,
                         long availableMicros) {
}
