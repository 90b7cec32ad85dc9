package dev.tollgate.payments.observability;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tollgate.payments.webhook.StripeEvents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

/**
 * Payments' own meters, beside Quarkus' (HTTP server, JVM, Kafka clients). Tags are bounded: Stripe event types
 * payments acts on (any other type counts as {@code other}), outcomes, kinds; never an account or payment id.
 *
 * <ul>
 *   <li>{@code tollgate_payments_webhooks_total{type,result}}: Stripe webhooks by event type and result
 *       ({@code applied}, {@code duplicate}, {@code parked}, {@code ignored}, {@code bad_signature})</li>
 *   <li>{@code tollgate_payments_invoices_total{kind}}: invoices and credit notes issued</li>
 *   <li>{@code tollgate_payments_refunds_total{result}}: refund requests ({@code refunded}, {@code refused})</li>
 *   <li>{@code tollgate_payments_invoicing_dead_letters_total}: payments events invoicing could not handle</li>
 *   <li>{@code tollgate_payments_checkouts_total{result}}: Stripe Checkout sessions asked for ({@code created},
 *       {@code failed})</li>
 * </ul>
 */
// created at start, so its series (zeros included) are on /q/metrics before the first event
@Startup
@ApplicationScoped
public class PaymentsMetrics {

    private static final Set<String> ACTED_ON = Set.of(StripeEvents.SESSION_COMPLETED, StripeEvents.ASYNC_SUCCEEDED,
            StripeEvents.ASYNC_FAILED, StripeEvents.CHARGE_REFUNDED, StripeEvents.DISPUTE_CREATED, StripeEvents.DISPUTE_CLOSED);

    private final Meter.MeterProvider<Counter> webhooks;
    private final Meter.MeterProvider<Counter> invoices;
    private final Meter.MeterProvider<Counter> refunds;
    private final Meter.MeterProvider<Counter> checkouts;
    private final Counter invoicingDeadLetters;

    public PaymentsMetrics(MeterRegistry registry) {
        this.webhooks = Counter.builder("tollgate.payments.webhooks").description("Stripe webhooks received, by type and result")
                .withRegistry(registry);
        this.invoices = Counter.builder("tollgate.payments.invoices").description("Invoices and credit notes issued")
                .withRegistry(registry);
        this.refunds = Counter.builder("tollgate.payments.refunds").description("Refund requests, by result")
                .withRegistry(registry);
        this.checkouts = Counter.builder("tollgate.payments.checkouts").description("Stripe Checkout sessions asked for, by result")
                .withRegistry(registry);
        this.invoicingDeadLetters = Counter.builder("tollgate.payments.invoicing.dead.letters")
                .description("Payments events the invoicing consumer sent to its dead-letter topic").register(registry);
        // the series a dashboard reads exist from the start (zeros, not "no data")
        webhooks.withTags(Tags.of("type", "unknown", "result", "bad_signature"));
        for (String type : ACTED_ON) {
            webhooks.withTags(Tags.of("type", type, "result", "applied"));
        }
        invoices.withTags(Tags.of("kind", "invoice"));
        invoices.withTags(Tags.of("kind", "credit_note"));
        refunds.withTags(Tags.of("result", "refunded"));
        refunds.withTags(Tags.of("result", "refused"));
        checkouts.withTags(Tags.of("result", "created"));
        checkouts.withTags(Tags.of("result", "failed"));
    }

    /** @param type the Stripe event type ({@code null} when the signature did not even let it be read) */
    public void webhookReceived(String type, String result) {
        String known = type == null ? "unknown" : ACTED_ON.contains(type) ? type : "other";
        webhooks.withTags(Tags.of("type", known, "result", result)).increment();
    }

    /** @param creditNote a credit note (refund) rather than an invoice (top-up) */
    public void invoiceIssued(boolean creditNote) {
        invoices.withTags(Tags.of("kind", creditNote ? "credit_note" : "invoice")).increment();
    }

    public void refundRequested(boolean refunded) {
        refunds.withTags(Tags.of("result", refunded ? "refunded" : "refused")).increment();
    }

    public void invoicingDeadLettered() {
        invoicingDeadLetters.increment();
    }

    public void checkoutRequested(boolean created) {
        checkouts.withTags(Tags.of("result", created ? "created" : "failed")).increment();
    }
}
