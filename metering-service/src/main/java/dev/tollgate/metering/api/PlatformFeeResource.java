package dev.tollgate.metering.api;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;

import dev.tollgate.metering.application.PlatformFees;
import dev.tollgate.metering.application.PlatformFees.FeeChangeRefusedException;
import dev.tollgate.metering.application.PlatformFees.UnknownModelException;
import dev.tollgate.metering.security.Roles;

/** Scheduling platform-fee changes: an operator's action (role {@code operator}). */
@Path("/prices/{model}/platform-fee")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PlatformFeeResource {

    /** Rates per million tokens as exact decimal strings; {@code effectiveFrom} ISO-8601, default now. */
    public record ScheduleFeeRequest(String promptPerMillion, String completionPerMillion, String effectiveFrom) {
    }

    private final PlatformFees fees;

    public PlatformFeeResource(PlatformFees fees) {
        this.fees = fees;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Schedule a new platform fee: increases at least 30 days ahead, decreases at once or later; "
            + "announces it with a PlatformFeeChangeScheduled event")
    public Uni<Response> schedule(@RestPath String model, ScheduleFeeRequest request) {
        if (request == null) {
            throw ApiProblem.badRequest("missing-body", "a JSON body with promptPerMillion and completionPerMillion is required");
        }
        Instant effectiveFrom = request.effectiveFrom() == null ? null
                : PriceCatalogueResource.parseInstant("effectiveFrom", request.effectiveFrom());
        return fees.schedule(model, Decimals.nonNegative("promptPerMillion", request.promptPerMillion()),
                        Decimals.nonNegative("completionPerMillion", request.completionPerMillion()), effectiveFrom, Instant.now())
                .map(fee -> Response.status(Status.CREATED).entity(PlatformFeeView.of(fee)).build())
                .onFailure(FeeChangeRefusedException.class).transform(e -> new ApiProblem(Status.CONFLICT,
                        "platform-fee-notice", "Platform-fee change refused", e.getMessage()))
                .onFailure(UnknownModelException.class).transform(e -> ApiProblem.notFound(e.getMessage()))
                .onFailure(this::isDuplicateVersion).transform(e -> new ApiProblem(Status.CONFLICT, "duplicate-version",
                        "Version exists", "a fee version of '" + model + "' with this effectiveFrom exists already"));
    }

    private boolean isDuplicateVersion(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().contains("duplicate key");
    }
}
