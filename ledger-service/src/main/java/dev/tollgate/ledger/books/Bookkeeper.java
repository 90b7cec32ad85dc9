package dev.tollgate.ledger.books;

import java.util.ArrayList;
import java.util.List;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.BalanceAdjusted;
import dev.tollgate.contracts.CreditsReinstated;
import dev.tollgate.contracts.HoldCaptured;
import dev.tollgate.contracts.HoldExpired;
import dev.tollgate.contracts.HoldPlaced;
import dev.tollgate.contracts.HoldReleased;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PurchaseCredited;
import dev.tollgate.contracts.RefundDebited;
import dev.tollgate.contracts.UsageCharged;

/**
 * Maps every ledger event to its balanced journal entry (double entry), in plain Java.
 *
 * <p>The customer's credit-liability account always moves by exactly the event's {@code amount}, so
 * the liability of an account in the books equals its balance in the log; the other side of each
 * entry says where the money came from or went (see the chart of accounts in the README).
 *
 * <p>Holds post nothing: placing, capturing, releasing or expiring a hold moves no money (its
 * {@code amount} is zero); it only lowers what the customer can still spend, which is the hold
 * table's business. The debit is the request's {@link UsageCharged}. Opening and closing an account
 * move no money either.
 */
public final class Bookkeeper {

    private Bookkeeper() {
    }

    public static JournalEntry journalFor(String accountId, LedgerEvent event) {
        List<Posting> postings = new ArrayList<>(6);
        BookAccount customer = BookAccount.customerCredit(accountId);
        // Java 17: no pattern switch yet; an event type without a rule fails loudly (and in BookkeeperTest)
        if (movesNoMoney(event)) {
            if (event.amount().amountMicros() != 0) {
                throw new IllegalStateException(event.getClass().getSimpleName() + " must not change the balance: " + event);
            }
        } else if (event instanceof PurchaseCredited purchase) {
            postPurchase(postings, customer, purchase);
        } else if (event instanceof UsageCharged charged) {
            UsageRevenueSplit split = UsageRevenueSplit.of(charged);
            String currency = charged.amount().currency();
            debit(postings, customer, charged.amount().negate());
            credit(postings, BookAccount.USAGE_REVENUE_UPSTREAM_COST, Money.ofMicros(split.upstreamCostMicros(), currency));
            credit(postings, BookAccount.USAGE_REVENUE_PLATFORM_FEE, Money.ofMicros(split.platformFeeMicros(), currency));
            credit(postings, BookAccount.USAGE_REVENUE_MARGIN, Money.ofMicros(split.marginMicros(), currency));
        } else if (event instanceof RefundDebited refund) {
            transfer(postings, BookAccount.REFUNDS_PAYABLE, customer, refund.amount());
        } else if (event instanceof CreditsReinstated reinstated) {
            // the reverse of the dispute's RefundDebited: the money is not owed back after all
            transfer(postings, BookAccount.REFUNDS_PAYABLE, customer, reinstated.amount());
        } else if (event instanceof BalanceAdjusted adjusted) {
            transfer(postings, BookAccount.MANUAL_ADJUSTMENTS, customer, adjusted.amount());
        } else {
            throw new IllegalArgumentException("no bookkeeping rule for " + event.getClass().getSimpleName());
        }
        JournalEntry entry = new JournalEntry(postings);
        if (!entry.isBalanced()) {
            throw new IllegalStateException("unbalanced journal for " + event + ": " + entry);
        }
        return entry;
    }

    private static boolean movesNoMoney(LedgerEvent event) {
        return event instanceof AccountOpened || event instanceof AccountClosed || event instanceof HoldPlaced
                || event instanceof HoldCaptured || event instanceof HoldReleased || event instanceof HoldExpired;
    }

    /**
     * Provider clearing receives the gross; it is owed as credits to the customer, kept as fee revenue,
     * and owed as VAT to the country. Older entries carry only the credited amount: then gross = credits.
     */
    private static void postPurchase(List<Posting> postings, BookAccount customer, PurchaseCredited purchase) {
        Money credited = purchase.amount();
        Money fee = orZero(purchase.processingFee(), credited);
        Money vat = orZero(purchase.vat(), credited);
        Money expectedGross = credited.plus(fee).plus(vat);
        Money gross = purchase.paidGross() == null ? expectedGross : purchase.paidGross();
        debit(postings, BookAccount.PAYMENT_PROVIDER_CLEARING, gross);
        credit(postings, customer, credited);
        credit(postings, BookAccount.PROCESSING_FEE_REVENUE, fee);
        credit(postings, BookAccount.vatPayable(purchase.vatCountry()), vat);
        // a gross that does not add up is kept visible in suspense rather than silently absorbed
        Money unexplained = gross.minus(expectedGross);
        if (unexplained.isNegative()) {
            debit(postings, BookAccount.SUSPENSE, unexplained.negate());
        } else {
            credit(postings, BookAccount.SUSPENSE, unexplained);
        }
    }

    /**
     * Moves a signed amount: positive credits {@code credited} and debits {@code counterpart}; negative
     * goes the other way. (Used where the customer's balance may move either way.)
     */
    private static void transfer(List<Posting> postings, BookAccount counterpart, BookAccount credited, Money signedAmount) {
        if (signedAmount.isNegative()) {
            debit(postings, credited, signedAmount.negate());
            credit(postings, counterpart, signedAmount.negate());
        } else {
            debit(postings, counterpart, signedAmount);
            credit(postings, credited, signedAmount);
        }
    }

    private static void debit(List<Posting> postings, BookAccount account, Money amount) {
        if (amount.amountMicros() != 0) {
            postings.add(new Posting(account, Posting.Side.DEBIT, amount));
        }
    }

    private static void credit(List<Posting> postings, BookAccount account, Money amount) {
        if (amount.amountMicros() != 0) {
            postings.add(new Posting(account, Posting.Side.CREDIT, amount));
        }
    }

    private static Money orZero(Money amount, Money sameCurrencyAs) {
        return amount == null ? Money.zero(sameCurrencyAs.currency()) : amount;
    }
}
