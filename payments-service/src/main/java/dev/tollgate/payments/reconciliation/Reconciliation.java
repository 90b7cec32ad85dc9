package dev.tollgate.payments.reconciliation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.stripe.exception.StripeException;

import dev.tollgate.payments.stripe.StripeGateway;
import dev.tollgate.payments.topup.PaymentRow;
import dev.tollgate.payments.topup.PaymentStore;

/** Reads both sides of a period [from, to) and reconciles them with {@link Reconciler}. */
@ApplicationScoped
public class Reconciliation {

    private final DataSource dataSource;
    private final StripeGateway stripe;

    public Reconciliation(DataSource dataSource, StripeGateway stripe) {
        this.dataSource = dataSource;
        this.stripe = stripe;
    }

    public Reconciler.Report reconcile(Instant from, Instant to) throws SQLException, StripeException {
        List<Reconciler.OurPayment> payments = new ArrayList<>();
        List<Reconciler.OurRefund> refunds = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (PaymentRow payment : PaymentStore.paidBetween(connection, from, to)) {
                payments.add(new Reconciler.OurPayment(payment.paymentId(), payment.facts().paymentIntentId(), payment.grossCents(),
                        payment.facts().refundedCents(), payment.status()));
            }
            try (PreparedStatement query = connection.prepareStatement("select refund_id, payment_id, stripe_refund_id, amount_cents "
                    + "from refund_part where stripe_refund_id is not null and created_at >= ? and created_at < ?")) {
                query.setTimestamp(1, Timestamp.from(from));
                query.setTimestamp(2, Timestamp.from(to));
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        refunds.add(new Reconciler.OurRefund(result.getString(1), result.getString(2), result.getString(3),
                                result.getLong(4)));
                    }
                }
            }
        }
        return Reconciler.reconcile(payments, refunds, stripe.charges(from, to), stripe.refunds(from, to));
    }
}
