package dev.tollgate.metering.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

import dev.tollgate.metering.persistence.CatalogueStore;

/**
 * Read-only views of the versioned price catalogue, public: list prices and their history, no account data (the
 * router reads the catalogue from the compacted topic, not from here). Changes need the {@code operator} role.
 */
@Path("/prices")
@Produces(MediaType.APPLICATION_JSON)
public class PriceCatalogueResource {

    private final CatalogueStore catalogue;

    public PriceCatalogueResource(CatalogueStore catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @Operation(summary = "The catalogue: every model with the price and fee versions in force now or at a given instant")
    public Uni<PriceCatalogueView> prices(
            @Parameter(description = "ISO-8601 instant, e.g. 2026-06-01T00:00:00Z; default: now")
            @RestQuery String at) {
        Instant instant = at == null ? Instant.now() : parseInstant("at", at);
        return catalogue.catalogueInForce(instant)
                .map(prices -> new PriceCatalogueView(instant, prices.stream().map(ModelPriceView::of).toList()));
    }

    @GET
    @Path("/{model}/history")
    @Operation(summary = "Every price and platform-fee version of one model, oldest first, scheduled ones included")
    public Uni<PriceHistoryView> history(@RestPath String model) {
        return catalogue.priceHistory(model)
                .chain(prices -> {
                    if (prices.isEmpty()) {
                        throw ApiProblem.notFound("the catalogue has no model '" + model + "'");
                    }
                    return catalogue.feeHistory(model).map(fees -> new PriceHistoryView(model,
                            prices.stream().map(ModelPriceView::priceOnly).toList(),
                            fees.stream().map(PlatformFeeView::of).toList()));
                });
    }

    static Instant parseInstant(String parameter, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiProblem(jakarta.ws.rs.core.Response.Status.BAD_REQUEST, "invalid-query-parameter", "Invalid query parameter",
                    "'" + parameter + "' must be an ISO-8601 instant such as 2026-06-01T00:00:00Z");
        }
    }
}
