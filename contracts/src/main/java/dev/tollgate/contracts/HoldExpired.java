package dev.tollgate.contracts;

/**
 * The ledger released a hold by itself because neither capture nor release came before it expired
 * (a router that crashed mid-request). {@code amount} is zero; {@code released} became available again.
 */
public record HoldExpired(long sequence, Money amount, Money balanceAfter, String holdId, String requestId,
                          Money released) implements LedgerEvent {
}
