package dev.tollgate.ledger.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.BalanceAdjusted;
import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.CreditsReinstated;
import dev.tollgate.contracts.DisputeWon;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PurchaseCredited;
import dev.tollgate.contracts.RefundDebited;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.contracts.UsagePriced;

/**
 * Pure decisions: given an account's state and what happened, the entries to append. An account
 * without a stream is opened first, so every stream starts with {@link AccountOpened}.
 *
 * <p>A usage charge is recorded even when it takes the balance below zero: the usage happened and
 * the log records facts. Preventing overdraft is the router's job (holds before the upstream call).
 * For the same reason a closed account still records charges, payments and refunds that arrive after
 * it closed (see {@link AccountClosing}).
 */
public final class LedgerDecisions {

    private LedgerDecisions() {
    }

    public static List<LedgerEvent> chargeUsage(AccountState state, UsagePriced priced) {
        Money amount = priced.breakdown().total().negate();
        return appendAfterOpening(state, current -> new UsageCharged(current.nextSequence(), amount,
                current.balance().plus(amount), priced.requestId(), priced.model(), priced.routingMode(), priced.breakdown(),
                priced.provider(), priced.tier(), priced.holdId()));
    }

    public static List<LedgerEvent> creditPurchase(AccountState state, CreditsPurchased purchase) {
        Money amount = purchase.credited();
        return appendAfterOpening(state, current -> new PurchaseCredited(current.nextSequence(), amount,
                current.balance().plus(amount), purchase.paymentId(),
                purchase.processingFee(), purchase.vat(), purchase.paidGross(), purchase.vatCountry()));
    }

    public static List<LedgerEvent> debitRefund(AccountState state, CreditsRefunded refund) {
        Money amount = refund.debited().negate();
        return appendAfterOpening(state, current -> new RefundDebited(current.nextSequence(), amount,
                current.balance().plus(amount), refund.refundId(), refund.paymentId()));
    }

    /** A won dispute gives back what its {@link CreditsRefunded} debited (see {@link DisputeWon}). */
    public static List<LedgerEvent> reinstateCredits(AccountState state, DisputeWon won) {
        Money amount = won.reinstated();
        return appendAfterOpening(state, current -> new CreditsReinstated(current.nextSequence(), amount,
                current.balance().plus(amount), won.disputeId(), won.paymentId()));
    }

    /** A manual adjustment; on a closed account only one that settles it (see {@link AccountClosing#requireAdjustable}). */
    public static List<LedgerEvent> adjust(AccountState state, Money amount, String reason, String author) {
        AccountClosing.requireAdjustable(state, amount);
        return appendAfterOpening(state, current -> new BalanceAdjusted(current.nextSequence(), amount,
                current.balance().plus(amount), reason, author));
    }

    private static List<LedgerEvent> appendAfterOpening(AccountState state, Function<AccountState, LedgerEvent> entryAfter) {
        List<LedgerEvent> entries = new ArrayList<>(2);
        AccountState current = state;
        if (!current.isOpened()) {
            Money zero = Money.zero(current.balance().currency());
            AccountOpened opened = new AccountOpened(current.nextSequence(), zero, zero);
            entries.add(opened);
            current = current.evolve(opened);
        }
        entries.add(entryAfter.apply(current));
        return entries;
    }
}
