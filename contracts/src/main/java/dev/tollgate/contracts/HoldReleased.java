package dev.tollgate.contracts;

/**
 * The router gave a hold back without using it (the request failed before any upstream charge).
 * {@code amount} is zero; {@code released} is what became available again.
 */
public record HoldReleased(long sequence, Money amount, Money balanceAfter, String holdId, String requestId,
                           Money released) implements LedgerEvent {
}
