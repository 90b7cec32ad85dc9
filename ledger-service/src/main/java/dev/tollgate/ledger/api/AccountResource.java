package dev.tollgate.ledger.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.tollgate.contracts.Money;
import dev.tollgate.ledger.persistence.AccountBalanceEntity;
import dev.tollgate.pricing.Credits;
import io.smallrye.mutiny.Uni;

/** Read side: balances from the projection. Finance queries and statements come with the ledger issue. */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final Mutiny.SessionFactory sessions;

    public AccountResource(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Balance in micro-units and in credits, with the sequence of the last entry it includes.
     *
     * @param closed the account is closed: it can spend nothing (payments and charges that arrive are still recorded)
     */
    public record AccountBalance(String accountId, long balanceMicros, String currency, String credits, long lastSequence,
                                 boolean closed) {
    }

    @GET
    @Path("/{accountId}/balance")
    public Uni<AccountBalance> balance(@PathParam("accountId") String accountId) {
        return sessions.withSession(session -> session.find(AccountBalanceEntity.class, accountId))
                .onItem().ifNull().failWith(() -> new Problem.NotFound("no account " + accountId))
                .map(row -> new AccountBalance(row.accountId, row.balanceMicros, row.currency,
                        Credits.of(Money.ofMicros(row.balanceMicros, row.currency)).toPlainString(), row.lastSequence,
                        row.closedSequence != null));
    }
}
