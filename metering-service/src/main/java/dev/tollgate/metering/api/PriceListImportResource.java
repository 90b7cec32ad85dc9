package dev.tollgate.metering.api;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;

import dev.tollgate.metering.application.PriceListImport;
import dev.tollgate.metering.application.PriceListImport.ImportReport;
import dev.tollgate.metering.importer.ScheduledPriceListImport;
import dev.tollgate.metering.security.Roles;

/** On-demand imports of provider price lists (see README "Price-list importer" for the format): role {@code operator}. */
@Path("/imports/price-list")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
public class PriceListImportResource {

    private final PriceListImport priceListImport;
    private final ScheduledPriceListImport scheduled;

    public PriceListImportResource(PriceListImport priceListImport, ScheduledPriceListImport scheduled) {
        this.priceListImport = priceListImport;
        this.scheduled = scheduled;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import the price list in the body; records only the changes, as new versions in force from now")
    public Uni<ImportReport> importBody(@RestQuery String source, String body) {
        if (source == null || !source.matches("[A-Za-z0-9._/-]{1,100}")) {
            throw ApiProblem.badRequest("invalid-query-parameter", "'source' must name the list: letters, digits, . _ / -");
        }
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("missing-body", "the body must be the price list (a JSON object)");
        }
        try {
            return priceListImport.importPriceList(body, source, Instant.now());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid-price-list", e.getMessage());
        }
    }

    @POST
    @Path("/run")
    @Operation(summary = "Import the configured source (tollgate.catalogue.import.source) now")
    public Uni<ImportReport> runConfigured() {
        return scheduled.runNow()
                .onFailure(IllegalStateException.class).transform(e -> new ApiProblem(Status.CONFLICT,
                        "import-source", "Import source unavailable", e.getMessage()))
                .onFailure(IllegalArgumentException.class).transform(e -> ApiProblem.badRequest("invalid-price-list", e.getMessage()));
    }
}
