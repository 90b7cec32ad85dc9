package dev.tollgate.payments.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An RFC 7807 problem answered by the top-up, refund and reconciliation endpoints; it changes nothing. */
public class PaymentsProblem extends RuntimeException {

    public static final MediaType MEDIA_TYPE = MediaType.valueOf("application/problem+json");

    public record Body(String type, String title, int status, String detail) {
    }

    private final int status;
    private final String type;
    private final String title;

    public PaymentsProblem(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static PaymentsProblem badRequest(String detail) {
        return new PaymentsProblem(400, "urn:tollgate:problem:bad-request", "Bad request", detail);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(new Body(type, title, status, getMessage())).build();
    }
}
