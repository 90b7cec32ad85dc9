package dev.tollgate.ledger.domain;

import java.time.Instant;

import dev.tollgate.contracts.HoldKind;
import dev.tollgate.contracts.Money;

/**
 * The router asks to reserve {@code amount} of an account's available balance: for one request, or as a
 * grant its instance spends over many requests (then {@code requestId} is the grant's id).
 */
public record PlaceHold(String accountId, String holdId, String requestId, Money amount, Instant expiresAt, HoldKind kind) {

    /** A hold for one request. */
    public PlaceHold(String accountId, String holdId, String requestId, Money amount, Instant expiresAt) {
        this(accountId, holdId, requestId, amount, expiresAt, HoldKind.REQUEST);
    }
}
