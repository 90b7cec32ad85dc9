package dev.tollgate.router.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The error body OpenAI clients understand:
 * {@code {"error":{"message":...,"type":...,"param":...,"code":...}}}.
 */
public record OpenAiError(Detail error) {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String SERVER_ERROR = "server_error";

    /** {@code param} and {@code code} are {@code null} when they do not apply (written as JSON null). */
    public record Detail(String message, String type, String param, String code) {
    }

    public static Response response(int status, String message, String type, String param, String code) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OpenAiError(new Detail(message, type, param, code)))
                .build();
    }
}
