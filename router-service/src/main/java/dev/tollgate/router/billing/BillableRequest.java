package dev.tollgate.router.billing;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.router.auth.ApiKeyOwner;
import dev.tollgate.router.routing.Tier;

/**
 * A request whose hold is placed: what billing needs to know when it ends. Read from the request scope
 * before any callback runs, since callbacks may run on other threads.
 *
 * @param request              the request as sent upstream (model of the first candidate)
 * @param estimatedPromptTokens the prompt estimate, billed for a stream cut short before its usage came
 */
public record BillableRequest(String requestId, ApiKeyOwner owner, Instant receivedAt, RoutingMode routingMode,
                              Tier tier, ObjectNode request, long estimatedPromptTokens, RequestPayment payment) {
}
