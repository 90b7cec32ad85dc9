package dev.tollgate.ledger.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps this service's exceptions to RFC 7807 problem JSON. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response notFound(Problem.NotFound notFound) {
        return Response.status(Response.Status.NOT_FOUND).type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Not Found", 404, notFound.getMessage())).build();
    }
}
