package dev.tollgate.payments.refund;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.tollgate.payments.stripe.StripeAmounts;

/**
 * The refund rules, in plain Java.
 * <ul>
 *   <li><b>Cooling-off:</b> no refund while the account's most recent paid top-up is younger than the
 *       cooling-off period (14 days): the rule is about the account, not one payment, so a customer
 *       cannot top up and immediately refund older credits. An operator may override it with a reason.</li>
 *   <li><b>Newest payment first:</b> the credits are taken from the most recent paid payment first,
 *       split across older ones when needed, each part refunded to that payment's original method.</li>
 *   <li><b>Money back per part:</b> the credits' value (1 credit = 1 cent) plus the VAT paid on them, the
 *       payment's VAT in proportion to the credits refunded, rounded to cents once (see {@link StripeAmounts});
 *       the processing fee is not refunded.</li>
 * </ul>
 */
public final class RefundRules {

    private RefundRules() {
    }

    /** A payment's refundable credits, newest first in a list. */
    public record Refundable(String paymentId, String paymentIntentId, Instant paidAt, long credits, long refundableCredits,
                             long vatCents) {
    }

    public record Part(String paymentId, String paymentIntentId, long credits, long amountCents) {
    }

    /** @return why the refund is refused now, or empty when the cooling-off rule allows it */
    public static Optional<String> coolingOffRefusal(List<Refundable> newestFirst, Instant now, Duration coolingOff,
                                                     String overrideReason) {
        if (newestFirst.isEmpty() || (overrideReason != null && !overrideReason.isBlank())) {
            return Optional.empty();
        }
        Instant newest = newestFirst.stream().map(Refundable::paidAt).max(Instant::compareTo).orElseThrow();
        Instant allowedFrom = newest.plus(coolingOff);
        if (now.isBefore(allowedFrom)) {
            return Optional.of("the most recent top-up was paid at " + newest + "; refunds are possible from " + allowedFrom
                    + " (cooling-off of " + coolingOff.toDays() + " days) unless an operator overrides it with a reason");
        }
        return Optional.empty();
    }

    public static long refundableTotal(List<Refundable> payments) {
        return payments.stream().mapToLong(Refundable::refundableCredits).sum();
    }

    /** Splits {@code credits} over the payments, newest first. */
    public static List<Part> plan(List<Refundable> newestFirst, long credits) {
        if (credits <= 0 || credits > refundableTotal(newestFirst)) {
            throw new IllegalArgumentException("cannot refund " + credits + " credits from these payments");
        }
        List<Part> parts = new ArrayList<>();
        long left = credits;
        for (Refundable payment : newestFirst) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, payment.refundableCredits());
            if (take > 0) {
                parts.add(new Part(payment.paymentId(), payment.paymentIntentId(), take, amountCents(payment, take)));
                left -= take;
            }
        }
        return parts;
    }

    static long amountCents(Refundable payment, long credits) {
        long vatShareCents = StripeAmounts.roundToCents(Math.multiplyExact(payment.vatCents(), credits), payment.credits());
        return StripeAmounts.centsOfCredits(credits) + vatShareCents;
    }
}
