package dev.tollgate.metering.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Every refused request of this service's API is answered as {@code application/problem+json}. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem problem) {
        return respond(problem.problem());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        // the parser's message may quote the body; say where, not what
        return respond(new Problem("urn:tollgate:problem:unreadable-body", "Invalid request", 400,
                "the request body is not valid JSON of the expected shape"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(new Problem("urn:tollgate:problem:http-" + status, Response.Status.fromStatusCode(status) == null
                ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase(), status,
                status == 400 ? "the request could not be read" : e.getMessage()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
