package dev.tollgate.ledger.domain;

import java.time.Instant;

import dev.tollgate.contracts.Money;

/** The router asks to reserve {@code amount} of an account's available balance for one request. */
public record PlaceHold(String accountId, String holdId, String requestId, Money amount, Instant expiresAt) {
}
