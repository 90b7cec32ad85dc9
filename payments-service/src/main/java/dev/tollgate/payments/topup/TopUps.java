package dev.tollgate.payments.topup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.stripe.exception.StripeException;

import dev.tollgate.payments.stripe.StripeGateway;

/**
 * Quotes a top-up and opens its Stripe Checkout Session. The payment row is written before Stripe is
 * called, with the idempotency key the Stripe POST will carry; a retry with the same client key finds
 * the row and repeats the POST with the same Stripe key, so Stripe returns the same session.
 */
@ApplicationScoped
public class TopUps {

    private final DataSource dataSource;
    private final StripeGateway stripe;
    private final VatDecider vat;
    private final TopUpPricing pricing;

    public TopUps(DataSource dataSource, StripeGateway stripe, VatDecider vat,
                  @ConfigProperty(name = "tollgate.payments.top-up.minimum-credits", defaultValue = "500") long minimumCredits,
                  @ConfigProperty(name = "tollgate.payments.top-up.maximum-credits", defaultValue = "100000") long maximumCredits,
                  @ConfigProperty(name = "tollgate.payments.top-up.processing-fee-cents") long processingFeeCents,
                  @ConfigProperty(name = "tollgate.payments.currency", defaultValue = "EUR") String currency) {
        this.dataSource = dataSource;
        this.stripe = stripe;
        this.vat = vat;
        this.pricing = new TopUpPricing(minimumCredits, maximumCredits, processingFeeCents, currency);
    }

    public TopUpQuote quote(String accountId, long credits) {
        return pricing.quote(accountId, credits, vat.decide(accountId));
    }

    public record Checkout(String paymentId, String checkoutSessionId, String checkoutUrl, TopUpQuote quote) {
    }

    /** @param clientKey the caller's idempotency key (one per intended top-up) */
    public Checkout checkout(String accountId, long credits, String clientKey) throws SQLException, StripeException {
        TopUpQuote quote = quote(accountId, credits);
        String idempotencyKey = "topup_" + accountId + "_" + clientKey;
        String paymentId = existingPayment(idempotencyKey);
        if (paymentId == null) {
            paymentId = "pay_" + UUID.randomUUID();
            paymentId = insertPayment(paymentId, quote, idempotencyKey);
        }
        StripeGateway.CheckoutSession session = stripe.createCheckoutSession(new StripeGateway.CheckoutRequest(paymentId, accountId,
                quote.currency(), credits, quote.creditsCents(), quote.processingFeeCents(), quote.vatCents(),
                quote.paymentMethods()), idempotencyKey);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update payment set checkout_session_id = ?, checkout_url = ? where payment_id = ?")) {
            update.setString(1, session.sessionId());
            update.setString(2, session.url());
            update.setString(3, paymentId);
            update.executeUpdate();
        }
        return new Checkout(paymentId, session.sessionId(), session.url(), quote);
    }

    private String existingPayment(String idempotencyKey) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("select payment_id from payment where idempotency_key = ?")) {
            query.setString(1, idempotencyKey);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        }
    }

    /** Inserts the pending payment; under a concurrent retry with the same key the first row wins. */
    private String insertPayment(String paymentId, TopUpQuote quote, String idempotencyKey) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into payment (payment_id, account_id, credits, currency, "
                     + "credited_cents, fee_cents, vat_cents, gross_cents, vat_country, vat_rate, reverse_charge, payment_methods, "
                     + "idempotency_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (idempotency_key) do nothing")) {
            insert.setString(1, paymentId);
            insert.setString(2, quote.accountId());
            insert.setLong(3, quote.credits());
            insert.setString(4, quote.currency());
            insert.setLong(5, quote.creditsCents());
            insert.setLong(6, quote.processingFeeCents());
            insert.setLong(7, quote.vatCents());
            insert.setLong(8, quote.totalCents());
            insert.setString(9, quote.vatCountry());
            insert.setBigDecimal(10, quote.vatRate());
            insert.setBoolean(11, quote.reverseCharge());
            insert.setString(12, String.join(",", quote.paymentMethods()));
            insert.setString(13, idempotencyKey);
            if (insert.executeUpdate() == 1) {
                return paymentId;
            }
        }
        return existingPayment(idempotencyKey);
    }
}
