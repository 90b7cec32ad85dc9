package dev.tollgate.ledger.api;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

import dev.tollgate.contracts.BalanceAdjusted;
import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.application.Cause;
import dev.tollgate.ledger.application.LedgerAppender;
import dev.tollgate.ledger.domain.LedgerDecisions;
import dev.tollgate.ledger.persistence.AccountBalanceEntity;
import dev.tollgate.ledger.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Manual adjustments by a finance user, appended to the log as {@link BalanceAdjusted} with the
 * reason and the author (the token's principal) through the same appender as every other entry.
 */
@Path("/finance/accounts/{accountId}/adjustments")
@Produces(MediaType.APPLICATION_JSON)
public class AdjustmentResource {

    /** Inbox consumer of manual adjustments: one adjustment id is applied once. */
    private static final String ADJUSTMENTS_INBOX = "finance-adjustments";

    private final LedgerAppender appender;
    private final Mutiny.SessionFactory sessions;
    private final SecurityIdentity identity;
    private final String currency;

    public AdjustmentResource(LedgerAppender appender, Mutiny.SessionFactory sessions, SecurityIdentity identity,
                              @ConfigProperty(name = "tollgate.ledger.currency") String currency) {
        this.appender = appender;
        this.sessions = sessions;
        this.identity = identity;
        this.currency = currency;
    }

    /**
     * A manual adjustment by a finance user: positive grants credits, negative removes them. The
     * client chooses {@code adjustmentId}, so a retried request is applied once.
     */
    public record AdjustmentRequest(String adjustmentId, Long amountMicros, String reason) {
    }

    /** {@code applied} is false when this adjustment id was applied before (nothing changed now). */
    public record AdjustmentResult(String accountId, String adjustmentId, boolean applied, Long sequence, Long balanceAfterMicros,
                                   String author) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FINANCE)
    public Uni<Response> adjust(@PathParam("accountId") String accountId, AdjustmentRequest request) {
        if (request == null || FinanceResource.blank(request.adjustmentId()) || FinanceResource.blank(request.reason()) || request.amountMicros() == null
                || request.amountMicros() == 0) {
            throw new Problem.BadRequest("adjustmentId, reason and a non-zero amountMicros are required");
        }
        if (request.adjustmentId().length() > 200 || request.reason().length() > 1_000) {
            throw new Problem.BadRequest("adjustmentId (200) or reason (1000 characters) too long");
        }
        String author = identity.getPrincipal().getName();
        Money amount = Money.ofMicros(request.amountMicros(), currency);
        Cause cause = new Cause(ADJUSTMENTS_INBOX, accountId, "adjustment:" + request.adjustmentId(), null, Instant.now());
        return sessions.withSession(session -> session.find(AccountBalanceEntity.class, accountId))
                .onItem().ifNull().failWith(() -> new Problem.NotFound("no account " + accountId))
                .chain(() -> appender.append(cause, state -> LedgerDecisions.adjust(state, amount, request.reason().trim(), author)))
                .map(entries -> entries.stream().filter(BalanceAdjusted.class::isInstance).findFirst()
                        .map(entry -> Response.status(Response.Status.CREATED).entity(new AdjustmentResult(accountId,
                                request.adjustmentId(), true, entry.sequence(), entry.balanceAfter().amountMicros(), author)).build())
                        .orElseGet(() -> Response.ok(new AdjustmentResult(accountId, request.adjustmentId(), false, null, null, author))
                                .build()));
    }
}
