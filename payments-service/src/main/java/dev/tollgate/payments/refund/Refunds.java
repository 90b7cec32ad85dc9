package dev.tollgate.payments.refund;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.stripe.exception.StripeException;

import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.payments.outbox.OutboxWriter;
import dev.tollgate.payments.stripe.StripeAmounts;
import dev.tollgate.payments.stripe.StripeGateway;
import dev.tollgate.payments.topup.PaymentRow;
import dev.tollgate.payments.topup.PaymentStore;
import dev.tollgate.payments.webhook.PaymentEffects;
import dev.tollgate.payments.webhook.PaymentStatus;
import dev.tollgate.pricing.Credits;

/**
 * Refunds unspent credits: hold them at the ledger, refund them through Stripe newest payment first
 * (one Stripe refund per payment, idempotency key = refund id + payment id), and write each part with
 * its {@code CreditsRefunded} in one transaction; finally capture the hold with what was refunded.
 */
@ApplicationScoped
public class Refunds {

    private static final Logger LOG = Logger.getLogger(Refunds.class);

    private final DataSource dataSource;
    private final StripeGateway stripe;
    private final LedgerHolds holds;
    private final Duration coolingOff;
    private final String currency;

    public Refunds(DataSource dataSource, StripeGateway stripe, LedgerHolds holds,
                   @ConfigProperty(name = "tollgate.payments.refund.cooling-off-days") long coolingOffDays,
                   @ConfigProperty(name = "tollgate.payments.currency", defaultValue = "EUR") String currency) {
        this.dataSource = dataSource;
        this.stripe = stripe;
        this.holds = holds;
        this.coolingOff = Duration.ofDays(coolingOffDays);
        this.currency = currency;
    }

    /** Why a refund is refused; nothing was changed. */
    public static final class Refused extends Exception {
        public enum Reason { NOTHING_REFUNDABLE, COOLING_OFF, MORE_THAN_PAID, MORE_THAN_UNSPENT }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    public record PartDone(String paymentId, String stripeRefundId, long credits, long amountCents) {
    }

    public record RefundDone(String refundId, String accountId, long creditsRefunded, List<PartDone> parts, String status) {
    }

    public RefundDone refund(String accountId, Long requestedCredits, String overrideReason, Instant now)
            throws Refused, SQLException {
        List<RefundRules.Refundable> refundable = refundablePayments(accountId);
        long refundableTotal = RefundRules.refundableTotal(refundable);
        if (refundableTotal == 0) {
            throw new Refused(Refused.Reason.NOTHING_REFUNDABLE, "account " + accountId + " has no paid credits to refund");
        }
        Optional<String> coolingOffRefusal = RefundRules.coolingOffRefusal(refundable, now, coolingOff, overrideReason);
        if (coolingOffRefusal.isPresent()) {
            throw new Refused(Refused.Reason.COOLING_OFF, coolingOffRefusal.get());
        }
        long credits = requestedCredits == null ? refundableTotal : requestedCredits;
        if (credits > refundableTotal) {
            throw new Refused(Refused.Reason.MORE_THAN_PAID, "only " + refundableTotal + " credits were bought and not refunded");
        }
        String refundId = "ref_" + UUID.randomUUID();
        String holdId = refundId;
        try {
            holds.place(accountId, holdId, refundId, credits * Credits.MICROS_PER_CREDIT, currency);
        } catch (LedgerHolds.Insufficient insufficient) {
            long unspent = insufficient.availableMicros() / Credits.MICROS_PER_CREDIT;
            if (requestedCredits != null || unspent == 0) {
                throw new Refused(Refused.Reason.MORE_THAN_UNSPENT, "only " + unspent + " credits are unspent");
            }
            credits = Math.min(unspent, refundableTotal); // "all unspent": hold what is unspent now
            holdId = refundId + "_unspent";
            try {
                holds.place(accountId, holdId, refundId, credits * Credits.MICROS_PER_CREDIT, currency);
            } catch (LedgerHolds.Insufficient raced) {
                throw new Refused(Refused.Reason.MORE_THAN_UNSPENT, "only "
                        + raced.availableMicros() / Credits.MICROS_PER_CREDIT + " credits are unspent");
            }
        }
        insertRefund(refundId, accountId, credits, holdId, overrideReason);
        List<PartDone> done = new ArrayList<>();
        for (RefundRules.Part part : RefundRules.plan(refundable, credits)) {
            try {
                String stripeRefundId = stripe.refund(part.paymentIntentId(), part.amountCents(), refundId, part.paymentId(),
                        refundId + "_" + part.paymentId());
                recordPart(refundId, accountId, part, stripeRefundId, now);
                done.add(new PartDone(part.paymentId(), stripeRefundId, part.credits(), part.amountCents()));
            } catch (StripeException e) {
                LOG.errorf("Stripe refused refund %s of payment %s (%s); the rest is released", refundId, part.paymentId(),
                        e.getClass().getSimpleName());
                break;
            }
        }
        long refundedCredits = done.stream().mapToLong(PartDone::credits).sum();
        if (refundedCredits == 0) {
            holds.release(holdId);
        } else {
            holds.capture(holdId, refundedCredits * Credits.MICROS_PER_CREDIT);
        }
        String status = refundedCredits == 0 ? "failed" : "refunded";
        finish(refundId, refundedCredits, status);
        return new RefundDone(refundId, accountId, refundedCredits, done, status);
    }

    private List<RefundRules.Refundable> refundablePayments(String accountId) throws SQLException {
        List<RefundRules.Refundable> refundable = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (PaymentRow payment : PaymentStore.paidNewestFirst(connection, accountId)) {
                if (!payment.status().equals(PaymentStatus.PAID.columnValue()) || !payment.creditsGranted()) {
                    continue;
                }
                long left = payment.credits() - PaymentStore.refundedCredits(connection, payment.paymentId())
                        - payment.disputeDebitedCredits();
                refundable.add(new RefundRules.Refundable(payment.paymentId(), payment.facts().paymentIntentId(), payment.paidAt(),
                        payment.credits(), Math.max(0, left), payment.vatCents()));
            }
        }
        return refundable;
    }

    private void insertRefund(String refundId, String accountId, long credits, String holdId, String overrideReason)
            throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into refund (refund_id, account_id, credits, hold_id, "
                     + "status, override_reason) values (?, ?, ?, ?, 'held', ?)")) {
            insert.setString(1, refundId);
            insert.setString(2, accountId);
            insert.setLong(3, credits);
            insert.setString(4, holdId);
            insert.setString(5, overrideReason == null || overrideReason.isBlank() ? null : overrideReason);
            insert.executeUpdate();
        }
    }

    /** The part and its CreditsRefunded commit together. */
    private void recordPart(String refundId, String accountId, RefundRules.Part part, String stripeRefundId, Instant now)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into refund_part (refund_id, payment_id, credits, "
                    + "amount_cents, stripe_refund_id) values (?, ?, ?, ?, ?)")) {
                insert.setString(1, refundId);
                insert.setString(2, part.paymentId());
                insert.setLong(3, part.credits());
                insert.setLong(4, part.amountCents());
                insert.setString(5, stripeRefundId);
                insert.executeUpdate();
                CreditsRefunded refunded = new CreditsRefunded(refundId, part.paymentId(), stripeRefundId,
                        StripeAmounts.creditsMoney(part.credits(), currency), StripeAmounts.money(part.amountCents(), currency));
                OutboxWriter.write(connection, "refund", EventEnvelope.wrap(
                        PaymentEffects.eventId("CreditsRefunded", refundId + "_" + part.paymentId()), accountId, now,
                        stripeRefundId, refundId, refunded));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void finish(String refundId, long refundedCredits, String status) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update refund set refunded_credits = ?, status = ? where refund_id = ?")) {
            update.setLong(1, refundedCredits);
            update.setString(2, status);
            update.setString(3, refundId);
            update.executeUpdate();
        }
    }
}
