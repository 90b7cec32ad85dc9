package dev.tollgate.payments.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a customer may buy: the configured minimum and maximum top-up, in credits.
 * Checkout, webhooks, VAT, invoices and refunds come with the payments issue.
 */
@Path("/top-ups/limits")
@Produces(MediaType.APPLICATION_JSON)
public class TopUpLimitsResource {

    public record TopUpLimits(long minimumCredits, long maximumCredits, String currency) {
    }

    @ConfigProperty(name = "tollgate.payments.top-up.minimum-credits", defaultValue = "500")
    long minimumCredits;

    @ConfigProperty(name = "tollgate.payments.top-up.maximum-credits", defaultValue = "100000")
    long maximumCredits;

    @ConfigProperty(name = "tollgate.payments.currency", defaultValue = "EUR")
    String currency;

    @GET
    public TopUpLimits limits() {
        return new TopUpLimits(minimumCredits, maximumCredits, currency);
    }
}
