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
 * Refunds unspent credits: plan them under a lock on the account (hold at the ledger, refund and its
 * parts written), refund them through Stripe newest payment first (one Stripe refund per payment,
 * idempotency key = refund id + payment id), and write each part's Stripe refund with its
 * {@code CreditsRefunded} in one transaction; finally capture the hold with what was refunded.
 */
@ApplicationScoped
public class Refunds {

    private static final Logger LOG = Logger.getLogger(Refunds.class);
    /** First key of the advisory lock that serialises one account's refund planning. */
    private static final int REFUND_PLANNING_LOCK = 0x52454644; // "REFD"

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
        Planned planned = plan(accountId, requestedCredits, overrideReason, now);
        String refundId = planned.refundId();
        List<PartDone> done = new ArrayList<>();
        boolean stripeRefused = false;
        for (RefundRules.Part part : planned.parts()) {
            if (stripeRefused) {
                dropPart(refundId, part.paymentId());
                continue;
            }
            try {
                String stripeRefundId = stripe.refund(part.paymentIntentId(), part.amountCents(), refundId, part.paymentId(),
                        refundId + "_" + part.paymentId());
                recordPart(refundId, accountId, part, stripeRefundId, now);
                done.add(new PartDone(part.paymentId(), stripeRefundId, part.credits(), part.amountCents()));
            } catch (StripeException e) {
                LOG.errorf("Stripe refused refund %s of payment %s (%s); the rest is released", refundId, part.paymentId(),
                        e.getClass().getSimpleName());
                dropPart(refundId, part.paymentId());
                stripeRefused = true;
            }
        }
        long refundedCredits = done.stream().mapToLong(PartDone::credits).sum();
        if (refundedCredits == 0) {
            holds.release(planned.holdId());
        } else {
            holds.capture(planned.holdId(), refundedCredits * Credits.MICROS_PER_CREDIT);
        }
        String status = refundedCredits == 0 ? "failed" : "refunded";
        finish(refundId, refundedCredits, status);
        return new RefundDone(refundId, accountId, refundedCredits, done, status);
    }

    private record Planned(String refundId, String holdId, List<RefundRules.Part> parts) {
    }

    /**
     * Decides what to refund from which payment, one refund of an account at a time: the planning
     * transaction takes a lock on the account (a transaction-scoped advisory lock), reads what is still
     * refundable counting the parts other refunds planned and have not finished, holds the credits at the
     * ledger and writes the refund with its planned parts before the lock is released. A concurrent refund
     * of the same account waits and then plans from what is left, so no payment is ever asked to refund
     * more than it has.
     */
    private Planned plan(String accountId, Long requestedCredits, String overrideReason, Instant now)
            throws Refused, SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            String refundId = "ref_" + UUID.randomUUID();
            String holdId = null;
            try {
                lockAccount(connection, accountId);
                List<RefundRules.Refundable> refundable = refundablePayments(connection, accountId);
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
                    throw new Refused(Refused.Reason.MORE_THAN_PAID, "only " + refundableTotal
                            + " credits were bought and not refunded");
                }
                try {
                    holds.place(accountId, refundId, refundId, credits * Credits.MICROS_PER_CREDIT, currency);
                    holdId = refundId;
                } catch (LedgerHolds.Insufficient insufficient) {
                    long unspent = insufficient.availableMicros() / Credits.MICROS_PER_CREDIT;
                    if (requestedCredits != null || unspent == 0) {
                        throw new Refused(Refused.Reason.MORE_THAN_UNSPENT, "only " + unspent + " credits are unspent");
                    }
                    credits = Math.min(unspent, refundableTotal); // "all unspent": hold what is unspent now
                    try {
                        holds.place(accountId, refundId + "_unspent", refundId, credits * Credits.MICROS_PER_CREDIT, currency);
                        holdId = refundId + "_unspent";
                    } catch (LedgerHolds.Insufficient raced) {
                        throw new Refused(Refused.Reason.MORE_THAN_UNSPENT, "only "
                                + raced.availableMicros() / Credits.MICROS_PER_CREDIT + " credits are unspent");
                    }
                }
                List<RefundRules.Part> parts = RefundRules.plan(refundable, credits);
                insertRefund(connection, refundId, accountId, credits, holdId, overrideReason);
                for (RefundRules.Part part : parts) {
                    insertPlannedPart(connection, refundId, part);
                }
                connection.commit();
                return new Planned(refundId, holdId, parts);
            } catch (Refused | SQLException | RuntimeException e) {
                connection.rollback();
                if (holdId != null) {
                    releaseQuietly(holdId);
                }
                throw e;
            }
        }
    }

    /** Serialises the refund planning of one account (released when the planning transaction ends). */
    private static void lockAccount(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
            lock.setInt(1, REFUND_PLANNING_LOCK);
            lock.setString(2, accountId);
            lock.execute();
        }
    }

    private void releaseQuietly(String holdId) {
        try {
            holds.release(holdId);
        } catch (RuntimeException e) {
            LOG.warnf("hold %s not released, it expires by itself: %s", holdId, e.getMessage());
        }
    }

    private static List<RefundRules.Refundable> refundablePayments(Connection connection, String accountId) throws SQLException {
        List<RefundRules.Refundable> refundable = new ArrayList<>();
        for (PaymentRow payment : PaymentStore.paidNewestFirst(connection, accountId)) {
            if (!payment.status().equals(PaymentStatus.PAID.columnValue()) || !payment.creditsGranted()) {
                continue;
            }
            long left = payment.credits() - PaymentStore.requestedRefunds(connection, payment.paymentId()).credits()
                    - payment.creditsTakenBackByStripe();
            refundable.add(new RefundRules.Refundable(payment.paymentId(), payment.facts().paymentIntentId(), payment.paidAt(),
                    payment.credits(), Math.max(0, left), payment.vatCents()));
        }
        return refundable;
    }

    private static void insertPlannedPart(Connection connection, String refundId, RefundRules.Part part) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into refund_part (refund_id, payment_id, credits, "
                + "amount_cents) values (?, ?, ?, ?)")) {
            insert.setString(1, refundId);
            insert.setString(2, part.paymentId());
            insert.setLong(3, part.credits());
            insert.setLong(4, part.amountCents());
            insert.executeUpdate();
        }
    }

    /** A planned part Stripe did not refund: its credits are refundable again. */
    private void dropPart(String refundId, String paymentId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "delete from refund_part where refund_id = ? and payment_id = ? and stripe_refund_id is null")) {
            delete.setString(1, refundId);
            delete.setString(2, paymentId);
            delete.executeUpdate();
        }
    }

    private static void insertRefund(Connection connection, String refundId, String accountId, long credits, String holdId,
                                     String overrideReason) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into refund (refund_id, account_id, credits, hold_id, "
                + "status, override_reason) values (?, ?, ?, ?, 'held', ?)")) {
            insert.setString(1, refundId);
            insert.setString(2, accountId);
            insert.setLong(3, credits);
            insert.setString(4, holdId);
            insert.setString(5, overrideReason == null || overrideReason.isBlank() ? null : overrideReason);
            insert.executeUpdate();
        }
    }

    /** The planned part becomes refunded and its CreditsRefunded is written, in one transaction. */
    private void recordPart(String refundId, String accountId, RefundRules.Part part, String stripeRefundId, Instant now)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("update refund_part set stripe_refund_id = ? "
                    + "where refund_id = ? and payment_id = ? and stripe_refund_id is null")) {
                update.setString(1, stripeRefundId);
                update.setString(2, refundId);
                update.setString(3, part.paymentId());
                if (update.executeUpdate() != 1) {
                    throw new IllegalStateException("refund part " + refundId + "/" + part.paymentId() + " was not planned");
                }
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
