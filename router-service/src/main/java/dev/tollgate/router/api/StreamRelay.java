package dev.tollgate.router.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.router.billing.BillableRequest;
import dev.tollgate.router.billing.UsageBilling;
import dev.tollgate.router.upstream.StreamProgress;
import dev.tollgate.router.upstream.UpstreamUsage;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Relays one upstream event stream to the client, event by event as it arrives, and bills it once:
 * <ul>
 *   <li>chunks pass through byte for byte, except the usage: the upstream is always asked for it; a
 *       client that did not ask gets neither the usage-only chunk nor the {@code "usage": null} of the
 *       other chunks, a client that did gets {@code usage.cost} added;</li>
 *   <li>the stream ends: usage recorded and hold captured, then {@code [DONE]} (held back until then,
 *       so a client that saw {@code [DONE]} knows its usage is safe; if the usage cannot be recorded,
 *       an error event {@code usage_not_recorded} instead, and the hold is released);</li>
 *   <li>the upstream breaks off: billed for what it produced ({@link StreamProgress} rule), then an
 *       error event and the end of the stream;</li>
 *   <li>the client goes away: the upstream call is cancelled and what it produced is billed.</li>
 * </ul>
 */
final class StreamRelay {

    private static final Logger LOG = Logger.getLogger(StreamRelay.class);
    private static final byte[] DONE = event("[DONE]");
    private static final byte[] NOT_RECORDED = event("{\"error\":{\"message\":\"The stream could not be recorded for billing; "
            + "you were not charged.\",\"type\":\"server_error\",\"param\":null,\"code\":\"usage_not_recorded\"}}");
    private static final byte[] BROKEN_OFF = event("{\"error\":{\"message\":\"The upstream provider broke off the stream; "
            + "you were billed only for what it produced.\",\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_error\"}}");

    private final BillableRequest paid;
    private final CatalogueEntry servedBy;
    private final UsageBilling billing;
    private final boolean clientWantsUsage;
    private final StreamProgress progress = new StreamProgress();
    private final AtomicBoolean billed = new AtomicBoolean();
    private volatile Throwable brokenOff;
    private volatile boolean notRecorded;

    StreamRelay(BillableRequest paid, CatalogueEntry servedBy, UsageBilling billing, boolean clientWantsUsage) {
        this.paid = paid;
        this.servedBy = servedBy;
        this.billing = billing;
        this.clientWantsUsage = clientWantsUsage;
    }

    /** The client's stream: each item is one server-sent event, written as soon as the upstream sent it. */
    Multi<byte[]> relay(Multi<String> upstreamEvents) {
        Multi<byte[]> relayed = upstreamEvents
                .onItem().transformToIterable(this::relayEvent)
                .onFailure().recoverWithMulti(failure -> {
                    brokenOff = failure;
                    return Multi.createFrom().empty();
                });
        Multi<byte[]> ending = Multi.createFrom().deferred(() -> billOnce()
                .onItem().transformToMulti(ignored -> Multi.createFrom().item(ending())));
        return Multi.createBy().concatenating().streams(relayed, ending)
                .onCancellation().invoke(() -> {
                    LOG.infof("%s: the client left the stream; billing what %s produced", paid.requestId(), servedBy.model());
                    billOnce();
                });
    }

    /** {@code [DONE]} only for a stream that ended normally and whose usage is recorded. */
    private byte[] ending() {
        if (notRecorded) {
            return NOT_RECORDED;
        }
        return brokenOff == null ? DONE : BROKEN_OFF;
    }

    private List<byte[]> relayEvent(String data) {
        if ("[DONE]".equals(data)) {
            return List.of(); // sent once the usage is recorded
        }
        ObjectNode chunk = AnswerJson.object(data).orElse(null);
        if (chunk == null) {
            return List.of(event(data));
        }
        progress.observe(chunk);
        JsonNode usage = chunk.get("usage");
        if (usage == null || (usage.isNull() && clientWantsUsage)) {
            return List.of(event(data));
        }
        if (usage.isObject() && clientWantsUsage) {
            ((ObjectNode) usage).put("cost", AnswerJson.credits(billing.costOf(paid, servedBy, UpstreamUsage.fromJson(usage))));
            return List.of(event(chunk));
        }
        // the client did not ask for usage: leave out what only the gateway asked for
        if (usage.isObject() && chunk.path("choices").isEmpty()) {
            return List.of();
        }
        chunk.remove("usage");
        return List.of(event(chunk));
    }

    /**
     * Bills the stream once, whatever ends it first. The billing runs to its end even if the client's
     * subscription is cancelled meanwhile.
     */
    private Uni<Void> billOnce() {
        if (!billed.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        if (brokenOff != null) {
            LOG.warnf("%s: %s broke off the stream: %s", paid.requestId(), servedBy.model(), brokenOff.getMessage());
        }
        UpstreamUsage usage = progress.usageOrEstimate(paid.estimatedPromptTokens());
        var billing = usage.hasTokens()
                ? this.billing.bill(paid, servedBy, usage, 200, true).replaceWithVoid()
                : this.billing.release(paid);
        var running = billing.subscribeAsCompletionStage();
        return Uni.createFrom().completionStage(running)
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "%s: the stream's usage could not be billed", paid.requestId());
                    notRecorded = true;
                    return null;
                });
    }

    private static byte[] event(ObjectNode chunk) {
        return event(new String(AnswerJson.write(chunk), StandardCharsets.UTF_8));
    }

    private static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
