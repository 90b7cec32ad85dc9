package dev.tollgate.payments.refund;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

import io.quarkus.scheduler.Scheduled;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
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
 * idempotency key = refund id + payment id, each Stripe refund id kept as soon as Stripe answers), then
 * complete the refund once: every part's {@code CreditsRefunded} and the refund's status in one transaction,
 * and the hold captured with what was refunded. A failure on Stripe's side is retried later with the same
 * keys ({@link #retryDue}).
 */
@ApplicationScoped
public class Refunds {

    private static final Logger LOG = Logger.getLogger(Refunds.class);
    /** First key of the advisory lock that serialises one account's refund planning. */
    private static final int REFUND_PLANNING_LOCK = 0x52454644; // "REFD"
    /** First retry after a failure on Stripe's side; each next one waits twice as long (up to 16 times). */
    private static final Duration RETRY_FIRST = Duration.ofSeconds(30);
    /** How long a retry run owns a refund (another instance leaves it alone meanwhile). */
    private static final Duration CLAIM = Duration.ofMinutes(2);
    /** An open refund older than this was left by a stopped process (a request's Stripe calls take seconds). */
    private static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);
    /** Retries stop well before the ledger hold (15 minutes) expires. */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

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
        if (refundAtStripe(planned.refundId(), pendingParts(planned.refundId())) == StripeOutcome.RETRY_LATER) {
            scheduleRetry(planned.refundId(), 1, now.plus(RETRY_FIRST));
            return state(planned.refundId(), "retrying");
        }
        return complete(planned.refundId(), now);
    }

    private enum StripeOutcome { DONE, RETRY_LATER }

    /**
     * Asks Stripe for every part not refunded yet, newest payment first, with the part's idempotency key (so a
     * retry after an answer that never arrived returns the refund Stripe made). Stripe's refusal drops the part
     * and those after it (their credits are refundable again); a failure on Stripe's side or the network
     * keeps them planned for a retry.
     */
    private StripeOutcome refundAtStripe(String refundId, List<PendingPart> pending) throws SQLException {
        for (int i = 0; i < pending.size(); i++) {
            PendingPart part = pending.get(i);
            try {
                String stripeRefundId = stripe.refund(part.paymentIntentId(), part.amountCents(), refundId, part.paymentId(),
                        refundId + "_" + part.paymentId());
                markRefundedAtStripe(refundId, part.paymentId(), stripeRefundId);
            } catch (StripeException e) {
                if (worthRetrying(e)) {
                    LOG.warnf("Stripe failed on refund %s of payment %s (%s, HTTP %s); it is retried later", refundId,
                            part.paymentId(), e.getClass().getSimpleName(), e.getStatusCode());
                    return StripeOutcome.RETRY_LATER;
                }
                LOG.errorf("Stripe refused refund %s of payment %s (%s); the rest is released", refundId, part.paymentId(),
                        e.getClass().getSimpleName());
                for (PendingPart dropped : pending.subList(i, pending.size())) {
                    dropPart(refundId, dropped.paymentId());
                }
                return StripeOutcome.DONE;
            }
        }
        return StripeOutcome.DONE;
    }

    /** Stripe did not answer or failed on its side: the same request (same idempotency key) may succeed later. */
    static boolean worthRetrying(StripeException e) {
        if (e instanceof IdempotencyException) {
            return false;
        }
        if (e instanceof ApiConnectionException || e instanceof RateLimitException || e instanceof ApiException) {
            return true;
        }
        Integer status = e.getStatusCode();
        return status != null && (status >= 500 || status == 409 || status == 429);
    }

    /**
     * Finishes a refund once Stripe has said its last word on every part, exactly once (the refund row is
     * locked and must still be open): the {@code CreditsRefunded} of every part Stripe refunded is written in
     * one transaction with the refund's status, then the ledger hold is captured with what was refunded
     * (released when nothing was). Until then the hold keeps every credit of the refund reserved, however long
     * a retry takes: the ledger settles the hold with the refund's first debit.
     */
    private RefundDone complete(String refundId, Instant now) throws SQLException {
        String accountId;
        String holdId;
        long refundedCredits = 0;
        String status;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement(
                        "select account_id, hold_id, status from refund where refund_id = ? for update")) {
                    lock.setString(1, refundId);
                    try (ResultSet result = lock.executeQuery()) {
                        if (!result.next()) {
                            throw new IllegalStateException("no refund " + refundId);
                        }
                        accountId = result.getString(1);
                        holdId = result.getString(2);
                        status = result.getString(3);
                    }
                }
                if (!status.equals("held") && !status.equals("retrying")) {
                    connection.commit();
                    return state(refundId, status); // finished by someone else
                }
                List<PartDone> done = doneParts(connection, refundId);
                for (PartDone part : done) {
                    refundedCredits += part.credits();
                }
                writeCreditsRefunded(connection, refundId, accountId, now);
                status = refundedCredits == 0 ? "failed" : "refunded";
                try (PreparedStatement update = connection.prepareStatement(
                        "update refund set refunded_credits = ?, status = ?, next_attempt_at = null where refund_id = ?")) {
                    update.setLong(1, refundedCredits);
                    update.setString(2, status);
                    update.setString(3, refundId);
                    update.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        try {
            if (refundedCredits == 0) {
                holds.release(holdId);
            } else {
                holds.capture(holdId, refundedCredits * Credits.MICROS_PER_CREDIT);
            }
        } catch (RuntimeException e) {
            // the refund's debit settles the hold anyway, and an open hold expires by itself
            LOG.warnf("hold %s of refund %s not captured or released: %s", holdId, refundId, e.getMessage());
        }
        return state(refundId, status);
    }

    /**
     * Retries the refunds whose Stripe call failed on Stripe's side (and finishes those a stopped process left
     * open), each claimed for a while so that two instances do not work on the same one. A refund still failing
     * when its hold is about to expire gives up: what Stripe refunded is kept, the rest released.
     *
     * @return how many refunds were finished
     */
    public int retryDue(Instant now) throws SQLException {
        List<String> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement claim = connection.prepareStatement("update refund set next_attempt_at = ? where refund_id in ("
                     + "select refund_id from refund where (status = 'retrying' and next_attempt_at <= ?) "
                     + "or (status = 'held' and created_at < ?) limit 20 for update skip locked) returning refund_id")) {
            claim.setTimestamp(1, Timestamp.from(now.plus(CLAIM)));
            claim.setTimestamp(2, Timestamp.from(now));
            claim.setTimestamp(3, Timestamp.from(now.minus(ABANDONED_AFTER)));
            try (ResultSet result = claim.executeQuery()) {
                while (result.next()) {
                    claimed.add(result.getString(1));
                }
            }
        }
        int finished = 0;
        for (String refundId : claimed) {
            try {
                finished += retry(refundId, now) ? 1 : 0;
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("retry of refund %s failed, it is tried again: %s", refundId, e.getMessage());
            }
        }
        return finished;
    }

    private boolean retry(String refundId, Instant now) throws SQLException {
        int attempts;
        Instant createdAt;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select attempts, created_at from refund where refund_id = ?")) {
            query.setString(1, refundId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                attempts = result.getInt(1);
                createdAt = result.getTimestamp(2).toInstant();
            }
        }
        if (refundAtStripe(refundId, pendingParts(refundId)) == StripeOutcome.RETRY_LATER) {
            if (now.isBefore(createdAt.plus(GIVE_UP_AFTER))) {
                Duration backoff = RETRY_FIRST.multipliedBy(1L << Math.min(attempts, 4));
                scheduleRetry(refundId, attempts + 1, now.plus(backoff));
                return false;
            }
            LOG.errorf("refund %s still fails at Stripe after %d attempts; what was refunded is kept, the rest released",
                    refundId, attempts + 1);
            for (PendingPart part : pendingParts(refundId)) {
                dropPart(refundId, part.paymentId());
            }
        }
        complete(refundId, now);
        return true;
    }

    @Scheduled(every = "${tollgate.payments.refund.retry-every}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retryScheduled() {
        try {
            retryDue(Instant.now());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("refund retries not read, next run tries again: %s", e.getMessage());
        }
    }

    private void scheduleRetry(String refundId, int attempts, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update refund set status = 'retrying', attempts = ?, "
                     + "next_attempt_at = ? where refund_id = ? and status in ('held', 'retrying')")) {
            update.setInt(1, attempts);
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, refundId);
            update.executeUpdate();
        }
    }

    private record PendingPart(String paymentId, String paymentIntentId, long credits, long amountCents) {
    }

    /** The parts Stripe has not refunded yet, newest payment first (the plan's order). */
    private List<PendingPart> pendingParts(String refundId) throws SQLException {
        List<PendingPart> parts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select r.payment_id, p.payment_intent_id, r.credits, "
                     + "r.amount_cents from refund_part r join payment p using (payment_id) where r.refund_id = ? "
                     + "and r.stripe_refund_id is null order by p.paid_at desc, p.created_at desc")) {
            query.setString(1, refundId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    parts.add(new PendingPart(result.getString(1), result.getString(2), result.getLong(3), result.getLong(4)));
                }
            }
        }
        return parts;
    }

    private static List<PartDone> doneParts(Connection connection, String refundId) throws SQLException {
        List<PartDone> parts = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("select r.payment_id, r.stripe_refund_id, r.credits, "
                + "r.amount_cents from refund_part r join payment p using (payment_id) where r.refund_id = ? "
                + "and r.stripe_refund_id is not null order by p.paid_at desc, p.created_at desc")) {
            query.setString(1, refundId);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    parts.add(new PartDone(result.getString(1), result.getString(2), result.getLong(3), result.getLong(4)));
                }
            }
        }
        return parts;
    }

    /** The refund as stored: what Stripe refunded so far and its status. */
    private RefundDone state(String refundId, String status) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select account_id from refund where refund_id = ?")) {
            query.setString(1, refundId);
            String accountId;
            try (ResultSet result = query.executeQuery()) {
                result.next();
                accountId = result.getString(1);
            }
            List<PartDone> done = doneParts(connection, refundId);
            return new RefundDone(refundId, accountId, done.stream().mapToLong(PartDone::credits).sum(), done, status);
        }
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
                + "amount_cents, recorded) values (?, ?, ?, ?, false)")) {
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

    /** Stripe refunded the part: its refund id is kept at once (the part's event is written when the refund completes). */
    private void markRefundedAtStripe(String refundId, String paymentId, String stripeRefundId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update refund_part set stripe_refund_id = ? "
                     + "where refund_id = ? and payment_id = ? and stripe_refund_id is null")) {
            update.setString(1, stripeRefundId);
            update.setString(2, refundId);
            update.setString(3, paymentId);
            update.executeUpdate(); // 0 rows: another attempt recorded the same Stripe refund (same idempotency key)
        }
    }

    /** The {@code CreditsRefunded} of every part Stripe refunded whose event is not written yet, on the caller's transaction. */
    private void writeCreditsRefunded(Connection connection, String refundId, String accountId, Instant now) throws SQLException {
        for (PartDone part : doneParts(connection, refundId)) {
            try (PreparedStatement recorded = connection.prepareStatement("update refund_part set recorded = true "
                    + "where refund_id = ? and payment_id = ? and not recorded")) {
                recorded.setString(1, refundId);
                recorded.setString(2, part.paymentId());
                if (recorded.executeUpdate() == 0) {
                    continue;
                }
            }
            CreditsRefunded refunded = new CreditsRefunded(refundId, part.paymentId(), part.stripeRefundId(),
                    StripeAmounts.creditsMoney(part.credits(), currency), StripeAmounts.money(part.amountCents(), currency));
            OutboxWriter.write(connection, "refund", EventEnvelope.wrap(
                    PaymentEffects.eventId("CreditsRefunded", refundId + "_" + part.paymentId()), accountId, now,
                    part.stripeRefundId(), refundId, refunded));
        }
    }
}
