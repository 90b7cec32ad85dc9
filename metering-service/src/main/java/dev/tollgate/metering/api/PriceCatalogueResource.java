package dev.tollgate.metering.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import dev.tollgate.metering.persistence.PriceCatalogue;

/** Read-only view of the versioned price catalogue. */
@Path("/prices")
@Produces(MediaType.APPLICATION_JSON)
public class PriceCatalogueResource {

    private final PriceCatalogue catalogue;

    public PriceCatalogueResource(PriceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    @WithSession
    @Operation(summary = "The price of every model, in the version in force now or at a given instant")
    public Uni<PriceCatalogueView> prices(
            @Parameter(description = "ISO-8601 instant, e.g. 2026-06-01T00:00:00Z; default: now")
            @RestQuery String at) {
        Instant instant = at == null ? Instant.now() : parseInstant("at", at);
        return catalogue.catalogueInForce(instant)
                .map(prices -> new PriceCatalogueView(instant, prices.stream().map(ModelPriceView::of).toList()));
    }

    @ServerExceptionMapper
    public Response invalidQueryParameter(InvalidQueryParameterException e) {
        Problem problem = new Problem("urn:tollgate:problem:invalid-query-parameter", "Invalid query parameter",
                Response.Status.BAD_REQUEST.getStatusCode(), e.getMessage());
        return Response.status(Response.Status.BAD_REQUEST).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Instant parseInstant(String parameter, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidQueryParameterException(parameter,
                    "'" + parameter + "' must be an ISO-8601 instant such as 2026-06-01T00:00:00Z");
        }
    }
}
