package dev.tollgate.router.api;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;

import dev.tollgate.router.auth.ApiKeyAuthenticator;
import dev.tollgate.router.auth.AuthenticatedKey;
import dev.tollgate.router.limits.GatewayKeyLimits;

/**
 * Lets a gateway request through only with a known API key, within its request rate. Runs before the
 * body is read and before any upstream call, so a refused request costs nothing and is never billed.
 *
 * <p>Two steps: the key lookup may need the database, so it is non-blocking (a cached key answers at
 * once); then, with the request's context active again, the owner is recorded and the request counted
 * against the key's rate.
 */
public class ApiKeyFilter {

    static final String AUTHENTICATED_KEY = ApiKeyFilter.class.getName() + ".key";

    private final ApiKeyAuthenticator authenticator;
    private final GatewayRequest gatewayRequest;
    private final GatewayKeyLimits limits;

    public ApiKeyFilter(ApiKeyAuthenticator authenticator, GatewayRequest gatewayRequest, GatewayKeyLimits limits) {
        this.authenticator = authenticator;
        this.gatewayRequest = gatewayRequest;
        this.limits = limits;
    }

    @RequiresApiKey
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return authenticator.authenticate(authorization).map(key -> {
            if (key.isPresent()) {
                request.setProperty(AUTHENTICATED_KEY, key.get());
                return null;
            }
            String message = authorization == null
                    ? "You didn't provide an API key. Provide it in the Authorization header: Authorization: Bearer YOUR_KEY"
                    : "Incorrect API key provided.";
            return OpenAiError.response(Response.Status.UNAUTHORIZED.getStatusCode(), message,
                    OpenAiError.INVALID_REQUEST, null, "invalid_api_key");
        });
    }

    @RequiresApiKey
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    public Response admit(ContainerRequestContext request) {
        AuthenticatedKey key = (AuthenticatedKey) request.getProperty(AUTHENTICATED_KEY);
        if (key == null) {
            return null;
        }
        gatewayRequest.authenticatedAs(key.owner());
        try {
            limits.admitRequest(key);
            return null;
        } catch (GatewayException refused) {
            gatewayRequest.refusedWith(refused.code());
            return refused.toResponse();
        }
    }
}
