package dev.tollgate.router.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import dev.tollgate.pricing.Credits;
import dev.tollgate.router.balance.BalanceView;

/**
 * Adds {@code X-Request-Id} to every gateway answer and, for an authenticated request (errors
 * included), {@code X-Credit-Balance}. The balance header is left out while the router has not yet
 * seen a ledger entry for the account: a made-up {@code 0.0000} would read as "you have no credits".
 */
@Provider
@RequiresApiKey
public class GatewayResponseHeaders implements ContainerResponseFilter {

    private final GatewayRequest gatewayRequest;
    private final BalanceView balances;

    public GatewayResponseHeaders(GatewayRequest gatewayRequest, BalanceView balances) {
        this.gatewayRequest = gatewayRequest;
        this.balances = balances;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(GatewayHeaders.REQUEST_ID, gatewayRequest.requestId());
        gatewayRequest.owner()
                .flatMap(owner -> balances.balanceOf(owner.accountId()))
                .ifPresent(balance -> response.getHeaders().putSingle(GatewayHeaders.CREDIT_BALANCE,
                        Credits.of(balance).toPlainString()));
    }
}
