package dev.tollgate.ledger.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Refused access on the finance API as RFC 7807 problem JSON: no or an unknown bearer token (401),
 * a token without the role for this resource (403). Authentication is not proactive
 * ({@code quarkus.http.auth.proactive=false}), so these failures reach these mappers.
 */
public class AccessProblemMappers {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized() {
        return Response.fromResponse(problem(401, "Unauthorized", "a valid bearer token is required"))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException forbidden) {
        return problem(403, "Forbidden", "this token may not read or change this resource");
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(new Problem("about:blank", title, status, detail)).build();
    }
}
