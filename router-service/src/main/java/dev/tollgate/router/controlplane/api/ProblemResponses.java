package dev.tollgate.router.controlplane.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.tollgate.router.controlplane.application.ControlPlaneProblem;

/**
 * The control plane answers every refusal as problem JSON, not as the gateway's OpenAI-style errors:
 * each control-plane resource maps its own exceptions through these (a mapper declared in a resource
 * class wins over the gateway's global ones for that class).
 */
final class ProblemResponses {

    private static final Logger LOG = Logger.getLogger(ProblemResponses.class);

    private ProblemResponses() {
    }

    static Response of(ControlPlaneProblem problem) {
        return respond(new Problem(problem.type(), problem.title(), problem.status(), problem.getMessage()));
    }

    /** The parser's message may quote the body: say where, not what. */
    static Response unreadableBody() {
        return respond(new Problem("urn:tollgate:problem:unreadable-body", "Invalid request", 400,
                "the request body is not JSON of the expected shape"));
    }

    static Response of(WebApplicationException error) {
        int status = error.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        return respond(new Problem("urn:tollgate:problem:http-" + status, known == null ? "Error" : known.getReasonPhrase(), status,
                status == 400 ? "the request could not be read" : error.getMessage()));
    }

    static Response unexpected(RuntimeException error) {
        LOG.error("unexpected error in the control plane", error);
        return respond(new Problem("urn:tollgate:problem:internal", "Internal error", 500, "the control plane had an internal error"));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
