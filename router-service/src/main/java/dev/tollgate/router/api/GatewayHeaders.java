package dev.tollgate.router.api;

/** Response headers the gateway adds. */
public final class GatewayHeaders {

    /** The gateway's id of the request, also the correlation id of its usage event. */
    public static final String REQUEST_ID = "X-Request-Id";

    /** The account's balance in credits, 4 decimals, e.g. {@code 1000.0000}. */
    public static final String CREDIT_BALANCE = "X-Credit-Balance";

    private GatewayHeaders() {
    }
}
