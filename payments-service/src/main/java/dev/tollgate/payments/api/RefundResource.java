package dev.tollgate.payments.api;

import jakarta.inject.Inject;

import dev.tollgate.payments.observability.PaymentsMetrics;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.tollgate.access.AccountAccess;
import dev.tollgate.payments.refund.Refunds;
import dev.tollgate.payments.security.Roles;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * A customer's refund of unspent credits (all of them when {@code credits} is left out); the account
 * itself or an operator; only an operator may give an override reason for the cooling-off period.
 */
@Path("/refunds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RefundResource {

    private final Refunds refunds;
    private final AccountAccess access;
    private final SecurityIdentity identity;

    @Inject
    PaymentsMetrics metrics;

    public RefundResource(Refunds refunds, AccountAccess access, SecurityIdentity identity) {
        this.refunds = refunds;
        this.access = access;
        this.identity = identity;
    }

    public record RefundRequest(String accountId, Long credits, String operatorOverrideReason) {
    }

    @POST
    public Refunds.RefundDone refund(RefundRequest request) throws SQLException {
        if (request == null) {
            throw PaymentsProblem.badRequest("accountId is required");
        }
        TopUpResource.requireAccount(request.accountId());
        access.require(request.accountId(), Roles.OPERATOR);
        boolean override = request.operatorOverrideReason() != null && !request.operatorOverrideReason().isBlank();
        if (override && !identity.hasRole(Roles.OPERATOR)) {
            throw new ForbiddenException("only an operator may override the cooling-off period");
        }
        if (request.credits() != null && request.credits() <= 0) {
            throw PaymentsProblem.badRequest("credits must be positive");
        }
        if (request.operatorOverrideReason() != null && request.operatorOverrideReason().length() > 500) {
            throw PaymentsProblem.badRequest("operatorOverrideReason is longer than 500 characters");
        }
        try {
            Refunds.RefundDone done = refunds.refund(request.accountId(), request.credits(), request.operatorOverrideReason(), Instant.now());
            metrics.refundRequested(true);
            return done;
        } catch (Refunds.Refused refused) {
            metrics.refundRequested(false);
            throw switch (refused.reason()) {
                case MORE_THAN_UNSPENT -> new PaymentsProblem(402, "urn:tollgate:problem:insufficient-credits",
                        "Not enough unspent credits", refused.getMessage());
                case COOLING_OFF -> new PaymentsProblem(409, "urn:tollgate:problem:refund-cooling-off",
                        "Refund within the cooling-off period", refused.getMessage());
                case NOTHING_REFUNDABLE, MORE_THAN_PAID -> new PaymentsProblem(409, "urn:tollgate:problem:nothing-to-refund",
                        "Nothing to refund", refused.getMessage());
            };
        }
    }
}
