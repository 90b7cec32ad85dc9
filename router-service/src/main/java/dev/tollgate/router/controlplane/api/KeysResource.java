package dev.tollgate.router.controlplane.api;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import dev.tollgate.router.controlplane.application.KeyInput;

@Path("/control/v1/accounts/{accountId}/keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "control plane: API keys", description = "Gateway API keys: shown once, stored as HMAC-SHA256")
public class KeysResource {

    private final ControlPlaneAccess access;
    private final ControlPlane controlPlane;

    public KeysResource(ControlPlaneAccess access, ControlPlane controlPlane) {
        this.access = access;
        this.controlPlane = controlPlane;
    }

    @POST
    @Operation(summary = "Issue a gateway API key", description = "The answer holds the key; it is never shown again.")
    @APIResponse(responseCode = "201", description = "issued, with the key")
    @APIResponse(responseCode = "400", description = "no name, or an invalid limit")
    @APIResponse(responseCode = "404", description = "no such account")
    @APIResponse(responseCode = "409", description = "the account has no routing profile yet")
    public Uni<Response> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("accountId") String accountId, KeyInput body) {
        return access.managerOf(authorization, accountId)
                .chain(() -> controlPlane.createKey(accountId, body))
                .map(created -> Response.status(Response.Status.CREATED).entity(Views.KeyCreated.of(created)).build());
    }

    @GET
    @Operation(summary = "The account's keys, revoked ones included (never a key or its hash)")
    @APIResponse(responseCode = "200", description = "the keys")
    @APIResponse(responseCode = "404", description = "no such account")
    public Uni<List<Views.KeyView>> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @PathParam("accountId") String accountId) {
        return access.managerOf(authorization, accountId)
                .chain(() -> controlPlane.keys(accountId))
                .map(keys -> keys.stream().map(Views.KeyView::of).toList());
    }

    @POST
    @Path("/{keyId}/revoke")
    @Operation(summary = "Revoke a key",
            description = "Refused at once by this router instance, by the others within the key cache's time-to-live (5 s by default).")
    @APIResponse(responseCode = "200", description = "revoked (revoking again changes nothing)")
    @APIResponse(responseCode = "404", description = "no such account or key")
    public Uni<Views.KeyView> revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathParam("accountId") String accountId, @PathParam("keyId") String keyId) {
        return access.managerOf(authorization, accountId)
                .chain(() -> controlPlane.revokeKey(accountId, keyId))
                .map(Views.KeyView::of);
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(summary = "Revoke a key (same as POST .../revoke; the key stays listed as revoked)")
    @APIResponse(responseCode = "200", description = "revoked")
    @APIResponse(responseCode = "404", description = "no such account or key")
    public Uni<Views.KeyView> delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathParam("accountId") String accountId, @PathParam("keyId") String keyId) {
        return revoke(authorization, accountId, keyId);
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
