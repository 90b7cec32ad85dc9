package dev.tollgate.ledger.domain;

import java.time.Instant;

import dev.tollgate.contracts.Money;

/**
 * A hold as the ledger knows it: credits kept from the available balance for one gateway request.
 *
 * @param held     the amount placed (the request's worst case)
 * @param reserved what it still keeps from the available balance: {@code held} while open, the
 *                 captured amount after capture until the request's charge is on the log, then zero
 * @param captured the actual cost the router reported at capture; null before
 * @param charged  the request's {@code UsageCharged} is on the log (the hold then reserves nothing)
 */
public record Hold(String holdId, String accountId, String requestId, Money held, Money reserved, Money captured,
                   HoldStatus status, boolean charged, Instant expiresAt) {

    public boolean isOpen() {
        return status == HoldStatus.OPEN;
    }
}
