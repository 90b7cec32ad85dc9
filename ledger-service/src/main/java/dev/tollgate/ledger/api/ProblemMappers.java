package dev.tollgate.ledger.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.tollgate.ledger.application.Holds;
import dev.tollgate.ledger.domain.HoldRefused;

/** Maps this service's exceptions to RFC 7807 problem JSON. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response badRequest(Problem.BadRequest badRequest) {
        return problem(Response.Status.BAD_REQUEST, "about:blank", "Bad Request", badRequest.getMessage());
    }

    /**
     * 402: the account's available balance (balance minus open holds) cannot cover the hold. The problem carries
     * the available balance as an extension member, {@code availableMicros}, so callers (the router's 402, the
     * refund's "only X unspent") never parse the human-readable detail.
     */
    @ServerExceptionMapper
    public Response insufficientCredits(HoldRefused.InsufficientCredits refused) {
        return Response.status(Response.Status.PAYMENT_REQUIRED).type(Problem.MEDIA_TYPE)
                .entity(new InsufficientCreditsProblem("urn:tollgate:problem:insufficient-credits", "Insufficient credits",
                        Response.Status.PAYMENT_REQUIRED.getStatusCode(), refused.getMessage(),
                        refused.available().amountMicros(), refused.available().currency()))
                .build();
    }

    /** The 402 problem with its extension members (RFC 7807 section 3.2). */
    public record InsufficientCreditsProblem(String type, String title, int status, String detail,
                                             long availableMicros, String currency) {
    }

    /** 409: the hold is not in a state this command applies to (or exists with other terms). */
    @ServerExceptionMapper
    public Response holdConflict(HoldRefused.Conflict conflict) {
        return problem(Response.Status.CONFLICT, "urn:tollgate:problem:hold-conflict", "Hold conflict", conflict.getMessage());
    }

    @ServerExceptionMapper
    public Response holdNotFound(Holds.HoldNotFound notFound) {
        return problem(Response.Status.NOT_FOUND, "about:blank", "Not Found", notFound.getMessage());
    }

    /** A body that is not JSON of the expected shape. */
    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException unreadable) {
        return problem(Response.Status.BAD_REQUEST, "about:blank", "Bad Request", "the body is not valid JSON of the expected shape");
    }

    /** What the HTTP layer refuses by itself (unreadable body, wrong media type ...) also answers problem JSON. */
    @ServerExceptionMapper
    public Response refusedByHttpLayer(WebApplicationException refused) {
        Response.StatusType status = refused.getResponse().getStatusInfo();
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), refused.getMessage())).build();
    }

    private static Response problem(Response.Status status, String type, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem(type, title, status.getStatusCode(), detail)).build();
    }

    @ServerExceptionMapper
    public Response notFound(Problem.NotFound notFound) {
        return Response.status(Response.Status.NOT_FOUND).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Not Found", 404, notFound.getMessage())).build();
    }
}
