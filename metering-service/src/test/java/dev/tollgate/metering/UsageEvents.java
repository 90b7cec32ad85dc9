package dev.tollgate.metering;

import java.time.Instant;
import java.util.UUID;

import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageRecorded;

/** Builds {@code UsageRecorded} events as the router publishes them, each with fresh ids. */
public final class UsageEvents {

    private UsageEvents() {
    }

    public static EventEnvelope<UsageRecorded> usage(String accountId, String model, RoutingMode mode, Instant requestedAt,
                                                     long promptTokens, long cachedPromptTokens, long completionTokens) {
        String requestId = "req_" + UUID.randomUUID();
        UsageRecorded recorded = new UsageRecorded(requestId, "key_test", model, "simulator", mode, null,
                promptTokens, cachedPromptTokens, completionTokens, 200, false);
        return EventEnvelope.wrap(UUID.randomUUID(), accountId, requestedAt, null, requestId, recorded);
    }

    /** An account id no other test uses, so tests can pick their own records out of shared topics. */
    public static String newAccountId() {
        return "acct_" + UUID.randomUUID();
    }
}
