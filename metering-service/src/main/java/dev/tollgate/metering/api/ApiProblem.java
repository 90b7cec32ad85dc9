package dev.tollgate.metering.api;

import jakarta.ws.rs.core.Response.Status;

/** A request the API refuses; {@link ProblemMappers} answers it as RFC 7807 problem JSON. Nothing was changed. */
public class ApiProblem extends RuntimeException {

    private final Status status;
    private final String type;
    private final String title;

    public ApiProblem(Status status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = "urn:tollgate:problem:" + type;
        this.title = title;
    }

    public static ApiProblem badRequest(String type, String detail) {
        return new ApiProblem(Status.BAD_REQUEST, type, "Invalid request", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(Status.NOT_FOUND, "not-found", "Not found", detail);
    }

    public Problem problem() {
        return new Problem(type, title, status.getStatusCode(), getMessage());
    }

    public Status status() {
        return status;
    }
}
