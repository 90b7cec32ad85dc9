package dev.tollgate.payments.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.tollgate.payments.topup.TopUpPricing;

/** Problem JSON for the top-up, refund and reconciliation endpoints. */
public class PaymentsProblemMappers {

    @ServerExceptionMapper
    public Response problem(PaymentsProblem problem) {
        return problem.toResponse();
    }

    @ServerExceptionMapper
    public Response outOfRange(TopUpPricing.TopUpOutOfRange outOfRange) {
        return new PaymentsProblem(400, "urn:tollgate:problem:top-up-out-of-range", "Top-up out of range",
                outOfRange.getMessage()).toResponse();
    }
}
