package dev.tollgate.ledger.domain;

import java.time.Instant;

import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.HoldReleased;
import dev.tollgate.contracts.Money;

/**
 * Pure decisions on holds (authorise, then capture). A hold never moves money: every entry has a zero
 * {@code amount}; the request's one debit is its {@code UsageCharged}. What a hold changes is the
 * available balance, which the caller computes as balance minus what all open or captured holds reserve.
 */
public final class HoldDecisions {

    private HoldDecisions() {
    }

    /**
     * Places the hold if the available balance covers it.
     *
     * @param reservedByHolds what the account's other holds reserve right now
     * @throws HoldRefused.InsufficientCredits when it does not fit (nothing is appended)
     * @throws AccountRefused.ClosedForSpending when the account is closed
     */
    public static HoldPlaced place(AccountState state, Money reservedByHolds, PlaceHold command) {
        AccountClosing.requireOpenForSpending(state);
        if (command.amount().amountMicros() <= 0) {
            throw new IllegalArgumentException("a hold must be for a positive amount");
        }
        Money available = state.balance().minus(reservedByHolds);
        if (!state.isOpened() || available.minus(command.amount()).isNegative()) {
            throw new HoldRefused.InsufficientCredits(command.accountId(), command.amount(), maxZero(available));
        }
        return new HoldPlaced(state.nextSequence(), zero(state), state.balance(), command.holdId(), command.requestId(),
                command.amount(), command.expiresAt());
    }

    /**
     * Captures an open hold with the request's actual cost. A cost above the hold is capped at the
     * hold: the router must hold the worst case, and capture can never take more than was authorised
     * (the exact charge still comes from metering as the request's {@code UsageCharged}).
     */
    public static HoldCaptured capture(AccountState state, Hold hold, Money actualCost) {
        requireOpen(hold, "capture");
        if (actualCost.isNegative()) {
            throw new IllegalArgumentException("a capture cannot be negative");
        }
        Money captured = actualCost.amountMicros() > hold.held().amountMicros() ? hold.held() : actualCost;
        return new HoldCaptured(state.nextSequence(), zero(state), state.balance(), hold.holdId(), hold.requestId(),
                captured, hold.held().minus(captured));
    }

    /** Gives an open hold back unused. */
    public static HoldReleased release(AccountState state, Hold hold) {
        requireOpen(hold, "release");
        return new HoldReleased(state.nextSequence(), zero(state), state.balance(), hold.holdId(), hold.requestId(), hold.reserved());
    }

    /** Releases an open hold whose time is up; a hold that is not open or not yet due is left alone (null). */
    public static HoldExpired expireIfDue(AccountState state, Hold hold, Instant now) {
        if (!hold.isOpen() || hold.expiresAt().isAfter(now)) {
            return null;
        }
        return new HoldExpired(state.nextSequence(), zero(state), state.balance(), hold.holdId(), hold.requestId(), hold.reserved());
    }

    private static void requireOpen(Hold hold, String command) {
        if (!hold.isOpen()) {
            throw new HoldRefused.Conflict("cannot " + command + " hold " + hold.holdId() + ": it is " + hold.status().columnValue());
        }
    }

    private static Money zero(AccountState state) {
        return Money.zero(state.balance().currency());
    }

    private static Money maxZero(Money amount) {
        return amount.isNegative() ? Money.zero(amount.currency()) : amount;
    }
}
