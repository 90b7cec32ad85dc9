package dev.tollgate.ledger.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.ledger.application.AccountClosures;
import dev.tollgate.ledger.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Closing an account, by a finance user: {@link AccountClosed} on the log with the reason and the author (the
 * token's principal). Only a settled account closes (balance zero, nothing reserved by holds); otherwise 409
 * with what is left. The client chooses {@code closureId}, so a retried request is applied once.
 */
@Path("/finance/accounts/{accountId}/closure")
@Produces(MediaType.APPLICATION_JSON)
public class AccountClosureResource {

    private final AccountClosures closures;
    private final SecurityIdentity identity;

    public AccountClosureResource(AccountClosures closures, SecurityIdentity identity) {
        this.closures = closures;
        this.identity = identity;
    }

    public record ClosureRequest(String closureId, String reason) {
    }

    /** {@code applied} is false when this closure id was applied before (nothing changed now). */
    public record ClosureResult(String accountId, String closureId, boolean applied, Long sequence, String reason, String author) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FINANCE)
    public Uni<Response> close(@PathParam("accountId") String accountId, ClosureRequest request) {
        if (request == null || FinanceResource.blank(request.closureId()) || FinanceResource.blank(request.reason())) {
            throw new Problem.BadRequest("closureId and reason are required");
        }
        if (request.closureId().length() > 200 || request.reason().length() > 1_000) {
            throw new Problem.BadRequest("closureId (200) or reason (1000 characters) too long");
        }
        String author = identity.getPrincipal().getName();
        String reason = request.reason().trim();
        return closures.close(accountId, request.closureId(), reason, author)
                .map(closed -> closed
                        .map(entry -> Response.status(Response.Status.CREATED)
                                .entity(new ClosureResult(accountId, request.closureId(), true, entry.sequence(), reason, author)).build())
                        .orElseGet(() -> Response.ok(new ClosureResult(accountId, request.closureId(), false, null, reason, author))
                                .build()));
    }
}
