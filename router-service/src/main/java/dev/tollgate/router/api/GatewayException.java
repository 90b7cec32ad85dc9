package dev.tollgate.router.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** A request the gateway refuses or cannot serve, answered as an {@link OpenAiError}. */
public class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;
    /** Seconds the client should wait before trying again (a {@code Retry-After} header); {@code null}: none. */
    private final Long retryAfterSeconds;

    public GatewayException(int status, String type, String param, String code, String message) {
        this(status, type, param, code, message, null);
    }

    public GatewayException(int status, String type, String param, String code, String message, Long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static GatewayException invalidRequest(String param, String code, String message) {
        return new GatewayException(Response.Status.BAD_REQUEST.getStatusCode(), OpenAiError.INVALID_REQUEST, param, code, message);
    }

    /** The OpenAI error code of the answer ({@code insufficient_credits}, {@code rate_limit_exceeded}, ...); may be null. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Response toResponse() {
        Response response = OpenAiError.response(status, getMessage(), type, param, code);
        return retryAfterSeconds == null ? response
                : Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)).build();
    }
}
