package dev.tollgate.payments.api;

import jakarta.inject.Inject;

import dev.tollgate.payments.observability.PaymentsMetrics;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.stripe.exception.StripeException;

import dev.tollgate.access.AccountAccess;
import dev.tollgate.payments.security.Roles;
import dev.tollgate.payments.topup.TopUpQuote;
import dev.tollgate.payments.topup.TopUps;

/** Top-ups: the price before paying, and a Stripe Checkout Session to pay it (the account itself or an operator). */
@Path("/top-ups")
@Produces(MediaType.APPLICATION_JSON)
public class TopUpResource {

    private final TopUps topUps;
    private final AccountAccess access;

    @Inject
    PaymentsMetrics metrics;

    public TopUpResource(TopUps topUps, AccountAccess access) {
        this.topUps = topUps;
        this.access = access;
    }

    /** Credits, processing fee, VAT and total, without creating anything. */
    @GET
    @Path("/quote")
    public TopUpQuote quote(@QueryParam("accountId") String accountId, @QueryParam("credits") Long credits) {
        requireAccount(accountId);
        access.require(accountId, Roles.OPERATOR);
        if (credits == null) {
            throw PaymentsProblem.badRequest("credits is required");
        }
        return topUps.quote(accountId, credits);
    }

    public record CheckoutRequest(String accountId, Long credits) {
    }

    /**
     * Opens a Checkout Session. Send the same {@code Idempotency-Key} header to retry safely: the same
     * payment and session come back.
     */
    @POST
    @Path("/checkout")
    @Consumes(MediaType.APPLICATION_JSON)
    public TopUps.Checkout checkout(CheckoutRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey)
            throws SQLException {
        if (request == null || request.credits() == null) {
            throw PaymentsProblem.badRequest("accountId and credits are required");
        }
        requireAccount(request.accountId());
        access.require(request.accountId(), Roles.OPERATOR);
        String clientKey = idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID().toString() : idempotencyKey;
        if (clientKey.length() > 200) {
            throw PaymentsProblem.badRequest("Idempotency-Key is longer than 200 characters");
        }
        try {
            TopUps.Checkout checkout = topUps.checkout(request.accountId(), request.credits(), clientKey);
            metrics.checkoutRequested(true);
            return checkout;
        } catch (StripeException e) {
            metrics.checkoutRequested(false);
            throw new PaymentsProblem(502, "urn:tollgate:problem:payment-provider", "Payment provider unavailable",
                    "Stripe refused or did not answer (" + e.getClass().getSimpleName() + "); retry with the same Idempotency-Key");
        }
    }

    static void requireAccount(String accountId) {
        if (accountId == null || !accountId.matches("[A-Za-z0-9_.:-]{1,100}")) {
            throw PaymentsProblem.badRequest("accountId is required (letters, digits, _ . : -)");
        }
    }
}
