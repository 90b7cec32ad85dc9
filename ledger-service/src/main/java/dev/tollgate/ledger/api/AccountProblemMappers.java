package dev.tollgate.ledger.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.tollgate.ledger.domain.AccountRefused;

/** Refusals caused by an account's state (closed, not settled, unknown) as RFC 7807 problem JSON; they change nothing. */
public class AccountProblemMappers {

    static final String ACCOUNT_CLOSED = "urn:tollgate:problem:account-closed";
    static final String ACCOUNT_NOT_SETTLED = "urn:tollgate:problem:account-not-settled";

    @ServerExceptionMapper
    public Response notOpened(AccountRefused.NotOpened notOpened) {
        return problem(Response.Status.NOT_FOUND, "about:blank", "Not Found", notOpened.getMessage());
    }

    /** 409: the account is closed and this command would change it (close it again, adjust it away from zero). */
    @ServerExceptionMapper
    public Response closed(AccountRefused.Closed closed) {
        return problem(Response.Status.CONFLICT, ACCOUNT_CLOSED, "Account closed", closed.getMessage());
    }

    /**
     * 402 for a hold on a closed account: it can pay for nothing. Not 409: the router and payments read a 402 as
     * "this account cannot pay" (the gateway then refuses the request without an upstream call, a refund finds
     * nothing unspent) and any other status as a ledger failure worth retrying, which a closed account is not.
     * Like the insufficient-credits problem it carries {@code availableMicros} (zero) and {@code currency}.
     */
    @ServerExceptionMapper
    public Response closedForSpending(AccountRefused.ClosedForSpending closed) {
        return Response.status(Response.Status.PAYMENT_REQUIRED).type(Problem.MEDIA_TYPE)
                .entity(new ProblemMappers.InsufficientCreditsProblem(ACCOUNT_CLOSED, "Account closed",
                        Response.Status.PAYMENT_REQUIRED.getStatusCode(), closed.getMessage(), 0, closed.currency()))
                .build();
    }

    /** 409 with what is left: the balance to refund or adjust, what holds still reserve. */
    @ServerExceptionMapper
    public Response notSettled(AccountRefused.NotSettled notSettled) {
        return Response.status(Response.Status.CONFLICT).type(Problem.MEDIA_TYPE)
                .entity(new NotSettledProblem(ACCOUNT_NOT_SETTLED, "Account not settled", Response.Status.CONFLICT.getStatusCode(),
                        notSettled.getMessage(), notSettled.balance().amountMicros(), notSettled.reserved().amountMicros(),
                        notSettled.balance().currency()))
                .build();
    }

    /** The 409 of a close that is refused, with its extension members (RFC 7807 section 3.2). */
    public record NotSettledProblem(String type, String title, int status, String detail, long balanceMicros, long reservedMicros,
                                    String currency) {
    }

    private static Response problem(Response.Status status, String type, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(new Problem(type, title, status.getStatusCode(), detail)).build();
    }
}
