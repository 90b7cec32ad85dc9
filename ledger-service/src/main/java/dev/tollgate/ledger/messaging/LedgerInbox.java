package dev.tollgate.ledger.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.ledger.application.Cause;
import dev.tollgate.ledger.application.LedgerAppender;
import dev.tollgate.ledger.domain.LedgerDecisions;
import dev.tollgate.ledger.observability.EventHandling;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Turns incoming events into log entries. Each record is acknowledged only after its transaction
 * committed; a redelivered record is a no-op: the event id goes into the inbox ({@code ledger_inbox},
 * key: channel name and event id) in the same transaction as its entries. A record that cannot be applied
 * goes to the channel's dead-letter topic instead of blocking the partition.
 */
@ApplicationScoped
public class LedgerInbox {

    private static final Logger LOG = Logger.getLogger(LedgerInbox.class);

    private final LedgerAppender appender;
    private final EventHandling handling;

    public LedgerInbox(LedgerAppender appender, EventHandling handling) {
        this.appender = appender;
        this.handling = handling;
    }

    // each record is handled in the gateway request's trace (its headers carry it), with its ids in the MDC
    @Incoming(Channels.USAGE_PRICED)
    public Uni<Void> onUsagePriced(String json, IncomingKafkaRecordMetadata<String, String> record) {
        return handling.handle(Channels.USAGE_PRICED, record.getHeaders(), () -> EventCodec.decode(json, UsagePriced.class),
                priced -> appender.append(Cause.of(Channels.USAGE_PRICED, priced, priced.payload().requestedAt()),
                                state -> LedgerDecisions.chargeUsage(state, priced.payload()))
                        .invoke(entries -> LOG.debugf("usage %s of %s: %d entries", priced.payload().requestId(), priced.accountId(), entries.size()))
                        .replaceWithVoid());
    }

    @Incoming(Channels.PAYMENTS_EVENTS)
    public Uni<Void> onPaymentEvent(String json, IncomingKafkaRecordMetadata<String, String> record) {
        return handling.handle(Channels.PAYMENTS_EVENTS, record.getHeaders(), () -> EventCodec.decode(json), this::applyPaymentEvent);
    }

    private Uni<Void> applyPaymentEvent(EventEnvelope<EventPayload> event) {
        Cause cause = Cause.of(Channels.PAYMENTS_EVENTS, event, event.occurredAt());
        if (event.payload() instanceof CreditsPurchased purchase) {
            return appender.append(cause, state -> LedgerDecisions.creditPurchase(state, purchase)).replaceWithVoid();
        }
        if (event.payload() instanceof CreditsRefunded refund) {
            return appender.append(cause, state -> LedgerDecisions.debitRefund(state, refund)).replaceWithVoid();
        }
        LOG.debugf("ignoring %s on the payments topic", event.type());
        return Uni.createFrom().voidItem();
    }
}
