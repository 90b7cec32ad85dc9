package dev.tollgate.ledger.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Bad input and refused access on the finance API, answered as RFC 7807 problem JSON. */
public final class FinanceProblem {

    private FinanceProblem() {
    }

    /** A parameter or body the API cannot accept; nothing was changed. */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String detail) {
            super(detail);
        }
    }

    public static class Mappers {

        @ServerExceptionMapper
        public Response badRequest(BadRequest badRequest) {
            return problem(400, "Bad Request", badRequest.getMessage());
        }

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
}
