package dev.tollgate.access;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Refused access as RFC 7807 problem JSON: no or an unknown bearer token (401, with the {@code Bearer}
 * challenge), a token without the role for this resource (403). The detail never repeats the token.
 *
 * <p>A service using this module sets {@code quarkus.http.auth.proactive=false}: authentication then happens
 * inside the REST layer, so these failures reach these mappers instead of answering with an empty body.
 */
public class AccessProblemMappers {

    public static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");

    /** The problem body: {@code type}, {@code title}, {@code status}, {@code detail}. */
    public record AccessProblem(String type, String title, int status, String detail) {
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
        return Response.status(status).type(PROBLEM_JSON).entity(new AccessProblem("about:blank", title, status, detail)).build();
    }
}
