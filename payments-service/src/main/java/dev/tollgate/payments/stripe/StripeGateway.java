package dev.tollgate.payments.stripe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.ChargeListParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundListParams;
import com.stripe.param.checkout.SessionCreateParams;

/**
 * Every call Tollgate makes to Stripe, through the official client. Every POST carries an
 * idempotency key chosen by the caller from our own ids, so a retry returns the object the first
 * attempt created instead of a second session or refund. The secret key is never logged.
 */
@ApplicationScoped
public class StripeGateway {

    private final StripeClient client;
    private final String successUrl;
    private final String cancelUrl;

    public StripeGateway(@ConfigProperty(name = "tollgate.payments.stripe.secret-key") String secretKey,
                         @ConfigProperty(name = "tollgate.payments.stripe.api-base") String apiBase,
                         @ConfigProperty(name = "tollgate.payments.stripe.success-url") String successUrl,
                         @ConfigProperty(name = "tollgate.payments.stripe.cancel-url") String cancelUrl) {
        this.client = StripeClient.builder().setApiKey(secretKey).setApiBase(apiBase).setMaxNetworkRetries(2).build();
        this.successUrl = successUrl;
        this.cancelUrl = cancelUrl;
    }

    /** What a Checkout Session needs: our payment, its priced lines and the allowed payment methods. */
    public record CheckoutRequest(String paymentId, String accountId, String currency, long credits, long creditsCents,
                                  long processingFeeCents, long vatCents, List<String> paymentMethods) {
    }

    public record CheckoutSession(String sessionId, String url) {
    }

    public CheckoutSession createCheckoutSession(CheckoutRequest request, String idempotencyKey) throws StripeException {
        SessionCreateParams.Builder params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(request.paymentId())
                .putMetadata("payment_id", request.paymentId())
                .putMetadata("account_id", request.accountId())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("payment_id", request.paymentId())
                        .putMetadata("account_id", request.accountId()).build())
                .setSuccessUrl(successUrl)
                .setCancelUrl(cancelUrl)
                .addLineItem(line(request.currency(), request.credits() + " credits", request.creditsCents()));
        if (request.processingFeeCents() > 0) {
            params.addLineItem(line(request.currency(), "Payment processing fee", request.processingFeeCents()));
        }
        if (request.vatCents() > 0) {
            params.addLineItem(line(request.currency(), "VAT", request.vatCents()));
        }
        for (String method : request.paymentMethods()) {
            params.addPaymentMethodType(SessionCreateParams.PaymentMethodType.valueOf(method.toUpperCase()));
        }
        Session session = client.v1().checkout().sessions().create(params.build(), idempotent(idempotencyKey));
        return new CheckoutSession(session.getId(), session.getUrl());
    }

    /** Refunds {@code amountCents} of a payment to its original payment method; the key makes a retry return the same refund. */
    public String refund(String paymentIntentId, long amountCents, String refundId, String paymentId, String idempotencyKey)
            throws StripeException {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(paymentIntentId)
                .setAmount(amountCents)
                .setReason(RefundCreateParams.Reason.REQUESTED_BY_CUSTOMER)
                .putMetadata("refund_id", refundId)
                .putMetadata("payment_id", paymentId)
                .build();
        return client.v1().refunds().create(params, idempotent(idempotencyKey)).getId();
    }

    /** Stripe's view of one charge, for reconciliation. */
    public record StripeCharge(String chargeId, String paymentIntentId, long amountCents, long amountRefundedCents,
                               String status, boolean disputed, Instant created) {
    }

    public record StripeRefund(String refundId, String paymentIntentId, long amountCents, String status, Instant created) {
    }

    public List<StripeCharge> charges(Instant from, Instant to) throws StripeException {
        ChargeListParams params = ChargeListParams.builder().setLimit(100L)
                .setCreated(ChargeListParams.Created.builder().setGte(from.getEpochSecond()).setLt(to.getEpochSecond()).build())
                .build();
        List<StripeCharge> charges = new ArrayList<>();
        for (Charge charge : client.v1().charges().list(params).autoPagingIterable()) {
            charges.add(new StripeCharge(charge.getId(), charge.getPaymentIntent(), charge.getAmount(),
                    charge.getAmountRefunded() == null ? 0 : charge.getAmountRefunded(), charge.getStatus(),
                    Boolean.TRUE.equals(charge.getDisputed()), Instant.ofEpochSecond(charge.getCreated())));
        }
        return charges;
    }

    public List<StripeRefund> refunds(Instant from, Instant to) throws StripeException {
        RefundListParams params = RefundListParams.builder().setLimit(100L)
                .setCreated(RefundListParams.Created.builder().setGte(from.getEpochSecond()).setLt(to.getEpochSecond()).build())
                .build();
        List<StripeRefund> refunds = new ArrayList<>();
        for (Refund refund : client.v1().refunds().list(params).autoPagingIterable()) {
            refunds.add(new StripeRefund(refund.getId(), refund.getPaymentIntent(), refund.getAmount(), refund.getStatus(),
                    Instant.ofEpochSecond(refund.getCreated())));
        }
        return refunds;
    }

    private static SessionCreateParams.LineItem line(String currency, String name, long cents) {
        return SessionCreateParams.LineItem.builder()
                .setQuantity(1L)
                .setPriceData(SessionCreateParams.LineItem.PriceData.builder()
                        .setCurrency(currency.toLowerCase())
                        .setUnitAmount(cents)
                        .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder().setName(name).build())
                        .build())
                .build();
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }
}
