package dev.tollgate.ledger.domain;

import java.time.Duration;
import java.time.Instant;

import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.Money;

/**
 * Pure decision on captured holds whose request is never charged. Capture keeps the request's actual cost
 * reserved until its {@code UsageCharged} arrives from metering; metering's guarantee is that it does arrive.
 * When it has not after {@code releaseAfter}, the usage event was lost upstream: the reservation is released
 * (a {@link HoldExpired} carrying {@code capturedNotCharged}) so the credits are not locked forever, and
 * finance investigates the missing charge. The hold ends {@link HoldStatus#EXPIRED}; a charge that still
 * arrives later is recorded as usual (a fact) and finds nothing reserved.
 */
public final class UnchargedCaptures {

    private UnchargedCaptures() {
    }

    /**
     * Releases the hold's reservation if it was captured at least {@code releaseAfter} before {@code now} and its
     * charge is still missing; otherwise null (nothing to do: not captured, charged already, or not yet due).
     *
     * @param capturedAt when the hold was captured
     */
    public static HoldExpired releaseIfLapsed(AccountState state, Hold hold, Instant capturedAt, Instant now, Duration releaseAfter) {
        if (hold.status() != HoldStatus.CAPTURED || hold.charged() || hold.reserved().amountMicros() == 0
                || capturedAt.plus(releaseAfter).isAfter(now)) {
            return null;
        }
        Money zero = Money.zero(state.balance().currency());
        return new HoldExpired(state.nextSequence(), zero, state.balance(), hold.holdId(), hold.requestId(), hold.reserved(),
                hold.captured());
    }
}
