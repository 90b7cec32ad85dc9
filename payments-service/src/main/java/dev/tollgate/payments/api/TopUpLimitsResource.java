package dev.tollgate.payments.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a customer may buy: the configured minimum and maximum top-up and the suggested amounts, in credits.
 */
@Path("/top-ups/limits")
@Produces(MediaType.APPLICATION_JSON)
public class TopUpLimitsResource {

    public record TopUpLimits(long minimumCredits, long maximumCredits, String currency, List<Long> quickPicksCredits) {
    }

    @ConfigProperty(name = "tollgate.payments.top-up.minimum-credits", defaultValue = "500")
    long minimumCredits;

    @ConfigProperty(name = "tollgate.payments.top-up.maximum-credits", defaultValue = "100000")
    long maximumCredits;

    @ConfigProperty(name = "tollgate.payments.currency", defaultValue = "EUR")
    String currency;

    @ConfigProperty(name = "tollgate.payments.top-up.quick-picks")
    List<Long> quickPicksCredits;

    @GET
    public TopUpLimits limits() {
        return new TopUpLimits(minimumCredits, maximumCredits, currency, quickPicksCredits);
    }
}
