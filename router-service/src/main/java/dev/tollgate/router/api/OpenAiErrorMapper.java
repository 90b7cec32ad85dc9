package dev.tollgate.router.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of this OpenAI-compatible API, the framework's own included, is an {@link OpenAiError}. */
public class OpenAiErrorMapper {

    private static final Logger LOG = Logger.getLogger(OpenAiErrorMapper.class);

    @Inject
    GatewayRequest gatewayRequest;

    @ServerExceptionMapper
    public Response gatewayError(GatewayException error) {
        gatewayRequest.refusedWith(error.code());
        return error.toResponse();
    }

    /** Unknown path, wrong method, unsupported media type ... */
    @ServerExceptionMapper
    public Response frameworkError(WebApplicationException error) {
        int status = error.getResponse().getStatus();
        String type = status >= 500 ? OpenAiError.SERVER_ERROR : OpenAiError.INVALID_REQUEST;
        return OpenAiError.response(status, error.getMessage(), type, null, null);
    }

    @ServerExceptionMapper
    public Response unexpectedError(RuntimeException error) {
        LOG.error("unexpected error while serving a request", error);
        return OpenAiError.response(500, "The gateway had an internal error.",
                OpenAiError.SERVER_ERROR, null, "internal_error");
    }
}
