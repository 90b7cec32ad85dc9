package dev.tollgate.router.api;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import dev.tollgate.router.auth.ApiKeyAuthenticator;
import dev.tollgate.router.auth.ApiKeyOwner;

/**
 * Lets a gateway request through only with a known API key. Runs before the body is read and
 * before any upstream call, so a refused request costs nothing and is never billed.
 */
@Provider
@RequiresApiKey
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    private final ApiKeyAuthenticator authenticator;
    private final GatewayRequest gatewayRequest;

    public ApiKeyFilter(ApiKeyAuthenticator authenticator, GatewayRequest gatewayRequest) {
        this.authenticator = authenticator;
        this.gatewayRequest = gatewayRequest;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<ApiKeyOwner> owner = authenticator.authenticate(authorization);
        if (owner.isPresent()) {
            gatewayRequest.authenticatedAs(owner.get());
            return;
        }
        String message = authorization == null
                ? "You didn't provide an API key. Provide it in the Authorization header: Authorization: Bearer YOUR_KEY"
                : "Incorrect API key provided.";
        request.abortWith(OpenAiError.response(Response.Status.UNAUTHORIZED.getStatusCode(), message,
                OpenAiError.INVALID_REQUEST, null, "invalid_api_key"));
    }
}
