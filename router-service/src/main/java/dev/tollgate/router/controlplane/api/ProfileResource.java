package dev.tollgate.router.controlplane.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.smallrye.mutiny.Uni;

import dev.tollgate.router.controlplane.application.ControlPlane;
import dev.tollgate.router.controlplane.application.ControlPlaneAccess;
import dev.tollgate.router.controlplane.application.ControlPlaneProblem;
import dev.tollgate.router.controlplane.application.ProfileInput;

@Path("/control/v1/accounts/{accountId}/profile")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "control plane: routing profile", description = "The account's one routing profile: tiers, cost cap, capabilities, tool-calling floor")
public class ProfileResource {

    private final ControlPlaneAccess access;
    private final ControlPlane controlPlane;

    public ProfileResource(ControlPlaneAccess access, ControlPlane controlPlane) {
        this.access = access;
        this.controlPlane = controlPlane;
    }

    @POST
    @Operation(summary = "Create the account's routing profile", description = "An account has exactly one; change it with PUT.")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "400", description = "unknown or misordered tiers, unknown capability, floor outside 0..1, cap not > 0")
    @APIResponse(responseCode = "403", description = "the account already has its profile, or another account's token")
    @APIResponse(responseCode = "404", description = "no such account")
    public Uni<Response> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("accountId") String accountId, ProfileInput body) {
        return access.managerOf(authorization, accountId)
                .chain(() -> controlPlane.createProfile(accountId, body))
                .map(stored -> Response.status(Response.Status.CREATED).entity(Views.ProfileView.of(stored)).build());
    }

    @PUT
    @Operation(summary = "Change the account's routing profile",
            description = "Applies to the account's keys at once on this instance, within the key cache's time-to-live on others.")
    @APIResponse(responseCode = "200", description = "changed")
    @APIResponse(responseCode = "400", description = "invalid profile")
    @APIResponse(responseCode = "404", description = "no such account, or no profile yet (create it with POST)")
    public Uni<Views.ProfileView> replace(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                          @PathParam("accountId") String accountId, ProfileInput body) {
        return access.managerOf(authorization, accountId)
                .chain(() -> controlPlane.replaceProfile(accountId, body))
                .map(Views.ProfileView::of);
    }

    @GET
    @Operation(summary = "The account's routing profile")
    @APIResponse(responseCode = "200", description = "the profile")
    @APIResponse(responseCode = "404", description = "no such account, or no profile yet")
    public Uni<Views.ProfileView> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("accountId") String accountId) {
        return access.managerOf(authorization, accountId)
                .chain(() -> controlPlane.profile(accountId))
                .map(Views.ProfileView::of);
    }

    @ServerExceptionMapper
    public Response problem(ControlPlaneProblem problem) {
        return ProblemResponses.of(problem);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException error) {
        return ProblemResponses.unreadableBody();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException error) {
        return ProblemResponses.of(error);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException error) {
        return ProblemResponses.unexpected(error);
    }
}
