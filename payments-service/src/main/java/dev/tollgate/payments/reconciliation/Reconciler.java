package dev.tollgate.payments.reconciliation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tollgate.payments.stripe.StripeGateway.StripeCharge;
import dev.tollgate.payments.stripe.StripeGateway.StripeRefund;

/**
 * Compares our payments and refunds with Stripe's for one period (plain Java) and lists every
 * difference: present on one side only, or present on both with another amount or status.
 */
public final class Reconciler {

    private Reconciler() {
    }

    /** One of our paid payments, as Stripe should see its charge. */
    public record OurPayment(String paymentId, String paymentIntentId, long grossCents, long refundedCents, String status) {
    }

    /** One Stripe refund we made. */
    public record OurRefund(String refundId, String paymentId, String stripeRefundId, long amountCents) {
    }

    public record Difference(String kind, String object, String ours, String stripe, String detail) {
    }

    public record Report(int paymentsCompared, int refundsCompared, List<Difference> differences) {
        public boolean matches() {
            return differences.isEmpty();
        }
    }

    public static Report reconcile(List<OurPayment> payments, List<OurRefund> refunds, List<StripeCharge> charges,
                                   List<StripeRefund> stripeRefunds) {
        List<Difference> differences = new ArrayList<>();
        Map<String, StripeCharge> chargesByIntent = index(charges, StripeCharge::paymentIntentId);
        Map<String, OurPayment> paymentsByIntent = index(payments, OurPayment::paymentIntentId);
        for (OurPayment payment : payments) {
            StripeCharge charge = chargesByIntent.get(payment.paymentIntentId());
            if (charge == null) {
                differences.add(new Difference("missing-in-stripe", "payment", payment.paymentId(), payment.paymentIntentId(),
                        "paid here, no charge in Stripe"));
                continue;
            }
            if (charge.amountCents() != payment.grossCents()) {
                differences.add(new Difference("amount-mismatch", "payment", payment.paymentId(), charge.chargeId(),
                        "ours " + payment.grossCents() + " cents, Stripe " + charge.amountCents()));
            }
            if (!"succeeded".equals(charge.status())) {
                differences.add(new Difference("status-mismatch", "payment", payment.paymentId(), charge.chargeId(),
                        "ours " + payment.status() + ", Stripe " + charge.status()));
            }
            if (charge.disputed() != "disputed".equals(payment.status())) {
                differences.add(new Difference("status-mismatch", "payment", payment.paymentId(), charge.chargeId(),
                        "disputed here " + "disputed".equals(payment.status()) + ", in Stripe " + charge.disputed()));
            }
        }
        for (StripeCharge charge : charges) {
            if ("succeeded".equals(charge.status()) && !paymentsByIntent.containsKey(charge.paymentIntentId())) {
                differences.add(new Difference("missing-here", "payment", null, charge.chargeId(),
                        "Stripe charged " + charge.amountCents() + " cents (" + charge.paymentIntentId() + "), no paid payment here"));
            }
        }
        Map<String, StripeRefund> stripeRefundsById = index(stripeRefunds, StripeRefund::refundId);
        Map<String, OurRefund> refundsById = index(refunds, OurRefund::stripeRefundId);
        for (OurRefund refund : refunds) {
            StripeRefund stripeRefund = stripeRefundsById.get(refund.stripeRefundId());
            if (stripeRefund == null) {
                differences.add(new Difference("missing-in-stripe", "refund", refund.refundId(), refund.stripeRefundId(),
                        "refunded here, not in Stripe"));
            } else if (stripeRefund.amountCents() != refund.amountCents()) {
                differences.add(new Difference("amount-mismatch", "refund", refund.refundId(), refund.stripeRefundId(),
                        "ours " + refund.amountCents() + " cents, Stripe " + stripeRefund.amountCents()));
            }
        }
        for (StripeRefund stripeRefund : stripeRefunds) {
            if (!refundsById.containsKey(stripeRefund.refundId())) {
                differences.add(new Difference("missing-here", "refund", null, stripeRefund.refundId(),
                        "Stripe refunded " + stripeRefund.amountCents() + " cents of " + stripeRefund.paymentIntentId()
                                + " that no refund here made (for example from the dashboard)"));
            }
        }
        return new Report(payments.size(), refunds.size(), differences);
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        return items.stream().filter(item -> key.apply(item) != null)
                .collect(Collectors.toMap(key, Function.identity(), (first, second) -> first));
    }
}
