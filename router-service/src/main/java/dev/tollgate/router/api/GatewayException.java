package dev.tollgate.router.api;

import jakarta.ws.rs.core.Response;

/** A request the gateway refuses or cannot serve, answered as an {@link OpenAiError}. */
public class GatewayException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public GatewayException(int status, String type, String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static GatewayException invalidRequest(String param, String code, String message) {
        return new GatewayException(Response.Status.BAD_REQUEST.getStatusCode(), OpenAiError.INVALID_REQUEST, param, code, message);
    }

    public Response toResponse() {
        return OpenAiError.response(status, getMessage(), type, param, code);
    }
}
