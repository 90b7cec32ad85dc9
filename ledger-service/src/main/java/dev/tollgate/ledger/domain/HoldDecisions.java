package dev.tollgate.ledger.domain;

import java.time.Instant;

import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.HoldReleased;
import dev.tollgate.contracts.Money;

/**
 * Pure decisions on holds (authorise, then capture) and grants (holds leased to a router instance for one
 * account, drawn down by the charges that name them). A hold never moves money: every entry has a zero
 * {@code amount}; a request's one debit is its {@code UsageCharged}. What a hold changes is the available
 * balance, which the caller computes as balance minus what all open or captured holds reserve.
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
                command.amount(), command.expiresAt(), command.kind());
    }

    /**
     * Captures an open hold with the request's actual cost (a grant: with the total the router used on it).
     * A cost above the hold is capped at the hold: the router must hold the worst case, and capture can
     * never take more than was authorised (the exact charge still comes from metering as the request's
     * {@code UsageCharged}). {@code released} is what goes back to the available balance at once.
     */
    public static HoldCaptured capture(AccountState state, Hold hold, Money actualCost) {
        requireOpen(hold, "capture");
        if (actualCost.isNegative()) {
            throw new IllegalArgumentException("a capture cannot be negative");
        }
        Money captured = actualCost.amountMicros() > hold.held().amountMicros() ? hold.held() : actualCost;
        Money released = hold.isGrant() ? hold.reserved().minus(reservedAfterCapture(hold, captured)) : hold.held().minus(captured);
        return new HoldCaptured(state.nextSequence(), zero(state), state.balance(), hold.holdId(), hold.requestId(),
                captured, released);
    }

    /**
     * What a hold keeps reserved once captured with {@code captured} (already capped at the hold). A request
     * hold: the captured cost until the request's charge is on the log, then nothing. A grant: what the router
     * used and no charge naming the grant has debited yet; the charges still to come draw it down to zero.
     */
    public static Money reservedAfterCapture(Hold hold, Money captured) {
        if (hold.isGrant()) {
            return maxZero(captured.minus(hold.chargedTotal()));
        }
        return hold.charged() ? zero(hold) : captured;
    }

    /**
     * What a hold keeps reserved after a charge of {@code charge} that names it is appended: the charge is now
     * in the balance, so keeping it reserved too would count it twice. A request hold stops reserving anything
     * (its one request is charged). A grant pays for many requests: it is drawn down by the charge, never below
     * zero, whether it is still open or already settled; an expired or released grant reserves nothing already.
     */
    public static Money reservedAfterCharge(Hold hold, Money charge) {
        if (charge.isNegative()) {
            throw new IllegalArgumentException("a charge is a positive debit: " + charge);
        }
        return hold.isGrant() ? maxZero(hold.reserved().minus(charge)) : zero(hold);
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

    private static Money zero(Hold hold) {
        return Money.zero(hold.held().currency());
    }

    private static Money maxZero(Money amount) {
        return amount.isNegative() ? Money.zero(amount.currency()) : amount;
    }
}
