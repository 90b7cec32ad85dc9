package dev.tollgate.router.controlplane.api;

import jakarta.ws.rs.Consumes;
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

@Path("/control/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "control plane: accounts", description = "Accounts; the operator creates them, each gets a management token")
public class AccountsResource {

    private final ControlPlaneAccess access;
    private final ControlPlane controlPlane;

    public AccountsResource(ControlPlaneAccess access, ControlPlane controlPlane) {
        this.access = access;
        this.controlPlane = controlPlane;
    }

    @POST
    @Operation(summary = "Create an account (operator only)",
            description = "Answers the account's management token once; only its SHA-256 is stored.")
    @APIResponse(responseCode = "201", description = "created, with the management token")
    @APIResponse(responseCode = "400", description = "no valid name")
    @APIResponse(responseCode = "401", description = "no operator or management token")
    @APIResponse(responseCode = "403", description = "a management token, not the operator's")
    public Uni<Response> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Views.NewAccount body) {
        return access.operator(authorization)
                .chain(() -> controlPlane.createAccount(body == null ? null : body.name()))
                .map(created -> Response.status(Response.Status.CREATED).entity(Views.AccountCreated.of(created)).build());
    }

    @GET
    @Path("/{accountId}")
    @Operation(summary = "One account (the operator or the account's management token)")
    @APIResponse(responseCode = "200", description = "the account")
    @APIResponse(responseCode = "404", description = "no such account")
    public Uni<Views.AccountView> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("accountId") String accountId) {
        return access.managerOf(authorization, accountId)
                .chain(() -> controlPlane.account(accountId))
                .map(Views.AccountView::of);
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
