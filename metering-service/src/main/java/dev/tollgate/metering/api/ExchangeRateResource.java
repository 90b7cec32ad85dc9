package dev.tollgate.metering.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

import dev.tollgate.metering.domain.ExchangeRateVersion;
import dev.tollgate.metering.persistence.CatalogueStore;
import dev.tollgate.metering.security.Roles;

/**
 * Versioned exchange rates: provider prices are converted to the billing currency at the rate in force at the request.
 * Reading is public (no account data); recording a rate is an operator's action (role {@code operator}).
 */
@Path("/exchange-rates")
@Produces(MediaType.APPLICATION_JSON)
public class ExchangeRateResource {

    /** {@code rate}: units of {@code quoteCurrency} per unit of {@code baseCurrency}, exact decimal string. */
    public record RecordRateRequest(String baseCurrency, String quoteCurrency, String rate, String effectiveFrom) {
    }

    public record ExchangeRateView(String baseCurrency, String quoteCurrency, String rate, Instant effectiveFrom, String version) {
        static ExchangeRateView of(ExchangeRateVersion rate) {
            return new ExchangeRateView(rate.baseCurrency(), rate.quoteCurrency(), Decimals.plain(rate.rate()),
                    rate.effectiveFrom(), rate.version());
        }
    }

    private final CatalogueStore catalogue;

    public ExchangeRateResource(CatalogueStore catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Operation(summary = "Every version of every exchange rate, oldest first")
    public Uni<List<ExchangeRateView>> all() {
        return catalogue.exchangeRates().map(rates -> rates.stream().map(ExchangeRateView::of).toList());
    }

    @GET
    @Path("/{base}/{quote}")
    @Operation(summary = "The rate from base to quote currency in force now or at an instant")
    public Uni<ExchangeRateView> inForce(@RestPath String base, @RestPath String quote, @RestQuery String at) {
        Instant instant = at == null ? Instant.now() : PriceCatalogueResource.parseInstant("at", at);
        return catalogue.exchangeRateInForce(base, quote, instant).map(found -> found
                .map(rate -> new ExchangeRateView(base, quote, Decimals.plain(rate.rate()), null, rate.version()))
                .orElseThrow(() -> ApiProblem.notFound("no rate from " + base + " to " + quote + " in force at " + instant)));
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a new rate version, in force from effectiveFrom (default now; never in the past)")
    public Uni<Response> record(RecordRateRequest request) {
        if (request == null) {
            throw ApiProblem.badRequest("missing-body", "a JSON body with baseCurrency, quoteCurrency and rate is required");
        }
        String base = currency("baseCurrency", request.baseCurrency());
        String quote = currency("quoteCurrency", request.quoteCurrency());
        if (base.equals(quote)) {
            throw ApiProblem.badRequest("invalid-field", "baseCurrency and quoteCurrency must differ");
        }
        BigDecimal rate = Decimals.nonNegative("rate", request.rate());
        if (rate.signum() == 0) {
            throw ApiProblem.badRequest("invalid-field", "'rate' must be > 0");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant effectiveFrom = request.effectiveFrom() == null ? now
                : PriceCatalogueResource.parseInstant("effectiveFrom", request.effectiveFrom());
        if (effectiveFrom.isBefore(now.minusSeconds(1))) {
            throw ApiProblem.badRequest("invalid-field", "'effectiveFrom' must not be in the past: past charges never change");
        }
        ExchangeRateVersion version = new ExchangeRateVersion(base, quote, rate, effectiveFrom, base + "-" + quote + "@" + effectiveFrom);
        return catalogue.insertExchangeRate(version)
                .map(ignored -> Response.status(Status.CREATED).entity(ExchangeRateView.of(version)).build())
                .onFailure(failure -> failure.getMessage() != null && failure.getMessage().contains("duplicate key"))
                .transform(e -> new ApiProblem(Status.CONFLICT, "duplicate-version", "Version exists",
                        "a rate from " + base + " to " + quote + " with this effectiveFrom exists already"));
    }

    private static String currency(String field, String value) {
        if (value == null || !value.matches("[A-Z]{3}")) {
            throw ApiProblem.badRequest("invalid-field", "'" + field + "' must be an ISO 4217 code such as EUR");
        }
        return value;
    }
}
