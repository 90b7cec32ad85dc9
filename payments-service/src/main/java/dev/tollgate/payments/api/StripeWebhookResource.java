package dev.tollgate.payments.api;

import jakarta.inject.Inject;

import dev.tollgate.payments.observability.PaymentsMetrics;

import java.sql.SQLException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;

import dev.tollgate.payments.webhook.StripeEventProcessor;

/**
 * Stripe's webhook. Authenticated by Stripe's signature alone ({@code Stripe-Signature},
 * HMAC-SHA256 of {@code t.payload} with the endpoint secret, at most 5 minutes old): a bad or missing
 * signature is answered 400 before anything is read or written.
 */
@Path("/webhooks/stripe")
public class StripeWebhookResource {

    public static final long TOLERANCE_SECONDS = 300;

    private final StripeEventProcessor processor;
    private final String webhookSecret;

    @Inject
    PaymentsMetrics metrics;

    public StripeWebhookResource(StripeEventProcessor processor,
                                 @ConfigProperty(name = "tollgate.payments.stripe.webhook-secret") String webhookSecret) {
        this.processor = processor;
        this.webhookSecret = webhookSecret;
    }

    public record Received(String eventId, String outcome) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(String payload, @HeaderParam("Stripe-Signature") String signature) throws SQLException {
        Event event;
        try {
            if (signature == null || payload == null) {
                throw new SignatureVerificationException("no signature", null);
            }
            event = Webhook.constructEvent(payload, signature, webhookSecret, TOLERANCE_SECONDS);
        } catch (SignatureVerificationException | RuntimeException e) {
            metrics.webhookReceived(null, "bad_signature");
            return new PaymentsProblem(400, "urn:tollgate:problem:bad-signature", "Bad Stripe signature",
                    "the Stripe-Signature header is missing, stale or does not match the payload").toResponse();
        }
        StripeEventProcessor.Outcome outcome = processor.process(event, payload);
        metrics.webhookReceived(event.getType(), outcome.name().toLowerCase());
        return Response.ok(new Received(event.getId(), outcome.name().toLowerCase())).build();
    }
}
