package dev.tollgate.payments.api;

import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.stripe.exception.StripeException;

import dev.tollgate.payments.reconciliation.Reconciler;
import dev.tollgate.payments.reconciliation.Reconciliation;
import dev.tollgate.payments.security.Roles;

/** Our payments and refunds against Stripe's for [from, to): every difference (finance and operators). */
@Path("/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationResource {

    private final Reconciliation reconciliation;

    public ReconciliationResource(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GET
    @RolesAllowed({Roles.FINANCE, Roles.OPERATOR})
    public Reconciler.Report reconcile(@QueryParam("from") String from, @QueryParam("to") String to) throws SQLException {
        Instant start = instant(from, "from");
        Instant end = instant(to, "to");
        if (!start.isBefore(end)) {
            throw PaymentsProblem.badRequest("from must be before to");
        }
        try {
            return reconciliation.reconcile(start, end);
        } catch (StripeException e) {
            throw new PaymentsProblem(502, "urn:tollgate:problem:payment-provider", "Payment provider unavailable",
                    "Stripe did not list charges or refunds (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Instant instant(String value, String name) {
        if (value == null) {
            throw PaymentsProblem.badRequest(name + " is required (ISO-8601 instant)");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw PaymentsProblem.badRequest(name + " is not an ISO-8601 instant");
        }
    }
}
