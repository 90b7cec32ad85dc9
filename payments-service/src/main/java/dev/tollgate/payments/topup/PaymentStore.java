package dev.tollgate.payments.topup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.tollgate.payments.webhook.PaymentFacts;

/** SQL for the {@code payment} table, on the caller's connection (the caller owns the transaction). */
public final class PaymentStore {

    private static final String COLUMNS = "payment_id, account_id, credits, currency, credited_cents, fee_cents, vat_cents, "
            + "gross_cents, vat_country, checkout_session_id, created_at, paid_at, payment_intent_id, charge_id, "
            + "session_completed, succeeded, failed, refunded_cents, dispute_id, dispute_won, dispute_amount_cents, credits_granted, "
            + "dispute_debited_credits, dispute_reinstated_credits, dashboard_debited_credits, status";

    private PaymentStore() {
    }

    /** The payment, locked for the rest of the transaction. */
    public static Optional<PaymentRow> lockById(Connection connection, String paymentId) throws SQLException {
        return one(connection, "select " + COLUMNS + " from payment where payment_id = ? for update", paymentId);
    }

    public static Optional<PaymentRow> lockByPaymentIntent(Connection connection, String paymentIntentId) throws SQLException {
        return one(connection, "select " + COLUMNS + " from payment where payment_intent_id = ? for update", paymentIntentId);
    }

    public static Optional<PaymentRow> byCheckoutSession(Connection connection, String sessionId) throws SQLException {
        return one(connection, "select " + COLUMNS + " from payment where checkout_session_id = ?", sessionId);
    }

    /** The account's payments that were paid, newest first (the order refunds use). */
    public static List<PaymentRow> paidNewestFirst(Connection connection, String accountId) throws SQLException {
        return many(connection, "select " + COLUMNS + " from payment where account_id = ? and succeeded "
                + "order by paid_at desc, created_at desc for update", accountId); // Stripe times are whole seconds: the row breaks ties
    }

    public static List<PaymentRow> paidBetween(Connection connection, Instant from, Instant to) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("select " + COLUMNS
                + " from payment where succeeded and paid_at >= ? and paid_at < ? order by paid_at")) {
            query.setTimestamp(1, Timestamp.from(from));
            query.setTimestamp(2, Timestamp.from(to));
            return read(query);
        }
    }

    /** Stores the merged facts, the derived status and the effects done. */
    public static void update(Connection connection, PaymentRow row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update payment set payment_intent_id = ?, charge_id = ?, "
                + "session_completed = ?, succeeded = ?, failed = ?, refunded_cents = ?, dispute_id = ?, dispute_won = ?, "
                + "dispute_amount_cents = ?, paid_at = ?, credits_granted = ?, dispute_debited_credits = ?, "
                + "dispute_reinstated_credits = ?, dashboard_debited_credits = ?, status = ? where payment_id = ?")) {
            PaymentFacts facts = row.facts();
            update.setString(1, facts.paymentIntentId());
            update.setString(2, facts.chargeId());
            update.setBoolean(3, facts.sessionCompleted());
            update.setBoolean(4, facts.succeeded());
            update.setBoolean(5, facts.failed());
            update.setLong(6, facts.refundedCents());
            update.setString(7, facts.disputeId());
            update.setBoolean(8, facts.disputeWon());
            update.setLong(9, facts.disputeAmountCents());
            update.setTimestamp(10, row.paidAt() == null ? null : Timestamp.from(row.paidAt()));
            update.setBoolean(11, row.creditsGranted());
            update.setLong(12, row.disputeDebitedCredits());
            update.setLong(13, row.disputeReinstatedCredits());
            update.setLong(14, row.dashboardDebitedCredits());
            update.setString(15, row.status());
            update.setString(16, row.paymentId());
            update.executeUpdate();
        }
    }

    /** What Tollgate's refund requests asked Stripe to refund from one payment (planned or done parts). */
    public record RequestedRefunds(long credits, long cents) {
        public static final RequestedRefunds NONE = new RequestedRefunds(0, 0);
    }

    public static RequestedRefunds requestedRefunds(Connection connection, String paymentId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select coalesce(sum(credits), 0), coalesce(sum(amount_cents), 0) from refund_part where payment_id = ?")) {
            query.setString(1, paymentId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return new RequestedRefunds(result.getLong(1), result.getLong(2));
            }
        }
    }

    private static Optional<PaymentRow> one(Connection connection, String sql, String parameter) throws SQLException {
        List<PaymentRow> rows = many(connection, sql, parameter);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static List<PaymentRow> many(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            return read(query);
        }
    }

    private static List<PaymentRow> read(PreparedStatement query) throws SQLException {
        List<PaymentRow> rows = new ArrayList<>();
        try (ResultSet result = query.executeQuery()) {
            while (result.next()) {
                Timestamp paidAt = result.getTimestamp("paid_at");
                PaymentFacts facts = new PaymentFacts(result.getString("payment_intent_id"), result.getString("charge_id"),
                        result.getBoolean("session_completed"), result.getBoolean("succeeded"), result.getBoolean("failed"),
                        result.getLong("refunded_cents"), result.getString("dispute_id"), result.getBoolean("dispute_won"),
                        result.getLong("dispute_amount_cents"));
                rows.add(new PaymentRow(result.getString("payment_id"), result.getString("account_id"), result.getLong("credits"),
                        result.getString("currency"), result.getLong("credited_cents"), result.getLong("fee_cents"),
                        result.getLong("vat_cents"), result.getLong("gross_cents"), result.getString("vat_country"),
                        result.getString("checkout_session_id"), result.getTimestamp("created_at").toInstant(),
                        paidAt == null ? null : paidAt.toInstant(), facts, result.getBoolean("credits_granted"),
                        result.getLong("dispute_debited_credits"), result.getLong("dispute_reinstated_credits"),
                        result.getLong("dashboard_debited_credits"), result.getString("status")));
            }
        }
        return rows;
    }
}
