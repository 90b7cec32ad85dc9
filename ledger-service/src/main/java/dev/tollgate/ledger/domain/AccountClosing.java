package dev.tollgate.ledger.domain;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.Money;

/**
 * Pure decisions about closing an account.
 *
 * <p>The rule: an account closes only when it is settled — a balance of exactly zero and no hold reserving
 * anything — so closing never strands money (unspent credits are refunded or adjusted first, an overdraft
 * settled or written off) and never cuts off a request in flight. Closing moves no money.
 *
 * <p>After closing, the log still records facts: a payment that was taken, usage that was served, a refund
 * that was paid. Those can make a closed account's balance non-zero again; finance settles it with an
 * adjustment that brings the balance back toward zero ({@link #requireAdjustable}). Nothing can be spent on a
 * closed account: every hold is refused ({@link #requireOpenForSpending}).
 */
public final class AccountClosing {

    private AccountClosing() {
    }

    /**
     * Closes a settled account.
     *
     * @param reservedByHolds what the account's holds reserve right now
     * @throws AccountRefused.NotOpened  when the account has no stream
     * @throws AccountRefused.Closed     when it is closed already
     * @throws AccountRefused.NotSettled when its balance is not zero or a hold still reserves something
     */
    public static AccountClosed close(AccountState state, Money reservedByHolds, String reason, String author) {
        if (!state.isOpened()) {
            throw new AccountRefused.NotOpened(state.accountId());
        }
        if (state.isClosed()) {
            throw new AccountRefused.Closed(state.accountId(), "it was closed before");
        }
        if (state.balance().amountMicros() != 0 || reservedByHolds.amountMicros() != 0) {
            throw new AccountRefused.NotSettled(state.accountId(), state.balance(), reservedByHolds);
        }
        Money zero = Money.zero(state.balance().currency());
        return new AccountClosed(state.nextSequence(), zero, state.balance(), reason, author);
    }

    /**
     * A closed account takes only adjustments that settle it: toward zero, never past it (a late payment given
     * back outside the ledger, an overdraft from a late usage charge written off). An open account takes any.
     */
    public static void requireAdjustable(AccountState state, Money amount) {
        if (!state.isClosed()) {
            return;
        }
        long balance = state.balance().amountMicros();
        long change = amount.amountMicros();
        boolean towardZeroNotPast = balance != 0 && Long.signum(change) == -Long.signum(balance) && Math.abs(change) <= Math.abs(balance);
        if (!towardZeroNotPast) {
            throw new AccountRefused.Closed(state.accountId(), "its balance is " + balance
                    + " micro-units; it takes only adjustments that bring the balance back toward zero");
        }
    }

    /** Holds are how anything is spent; a closed account can spend nothing. */
    public static void requireOpenForSpending(AccountState state) {
        if (state.isClosed()) {
            throw new AccountRefused.ClosedForSpending(state.accountId(), state.balance().currency());
        }
    }
}
