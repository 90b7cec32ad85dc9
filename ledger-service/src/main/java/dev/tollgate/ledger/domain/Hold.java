package dev.tollgate.ledger.domain;

import java.time.Instant;

import dev.tollgate.contracts.HoldKind;
import dev.tollgate.contracts.Money;

/**
 * A hold as the ledger knows it: credits kept from the available balance for one gateway request
 * ({@link HoldKind#REQUEST}), or leased to one router instance for one account ({@link HoldKind#GRANT}).
 *
 * @param held         the amount placed (the request's worst case; a grant's size)
 * @param reserved     what it still keeps from the available balance. A request hold: {@code held} while open,
 *                     the captured amount after capture until the request's charge is on the log, then zero.
 *                     A grant: {@code held} minus what the charges naming it debited (never below zero) while
 *                     open; after settlement, what the router used minus what is charged (never below zero)
 * @param captured     the actual cost the router reported at capture (a grant: the total it used); null before
 * @param charged      a charge naming the hold is on the log (a request hold then reserves nothing)
 * @param kind         request hold or grant
 * @param chargedTotal what the charges naming the hold debited so far
 */
public record Hold(String holdId, String accountId, String requestId, Money held, Money reserved, Money captured,
                   HoldStatus status, boolean charged, Instant expiresAt, HoldKind kind, Money chargedTotal) {

    /** A request hold nothing has charged yet (as holds were before grants). */
    public Hold(String holdId, String accountId, String requestId, Money held, Money reserved, Money captured,
                HoldStatus status, boolean charged, Instant expiresAt) {
        this(holdId, accountId, requestId, held, reserved, captured, status, charged, expiresAt, HoldKind.REQUEST,
                Money.zero(held.currency()));
    }

    public boolean isOpen() {
        return status == HoldStatus.OPEN;
    }

    public boolean isGrant() {
        return kind == HoldKind.GRANT;
    }
}
