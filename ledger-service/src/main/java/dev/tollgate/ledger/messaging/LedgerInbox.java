package dev.tollgate.ledger.messaging;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.DisputeWon;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.ledger.application.Cause;
import dev.tollgate.ledger.application.LedgerAppender;
import dev.tollgate.ledger.domain.AccountState;
import dev.tollgate.ledger.domain.LedgerDecisions;
import dev.tollgate.ledger.observability.EventHandling;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Turns incoming events into log entries. Each record is acknowledged only after its transaction
 * committed; a redelivered record is a no-op: the event id goes into the inbox ({@code ledger_inbox},
 * key: channel name and event id) in the same transaction as its entries. A record that cannot be applied
 * goes to the channel's dead-letter topic instead of blocking the partition.
 *
 * <p>Incoming events are facts (a payment was taken, usage was served, a refund was paid), so they are
 * recorded on a closed account too: the money must not vanish. Finance is told: a warning in the log and
 * the counter {@code tollgate.ledger.closed.account.entries} (by entry type); the account then shows a
 * balance in {@code GET /finance/closed-accounts?unsettled=true} until finance settles it.
 */
@ApplicationScoped
public class LedgerInbox {

    private static final Logger LOG = Logger.getLogger(LedgerInbox.class);

    private final LedgerAppender appender;
    private final EventHandling handling;
    private final MeterRegistry metrics;

    public LedgerInbox(LedgerAppender appender, EventHandling handling, MeterRegistry metrics) {
        this.appender = appender;
        this.handling = handling;
        this.metrics = metrics;
    }

    // each record is handled in the gateway request's trace (its headers carry it), with its ids in the MDC
    @Incoming(Channels.USAGE_PRICED)
    public Uni<Void> onUsagePriced(String json, IncomingKafkaRecordMetadata<String, String> record) {
        return handling.handle(Channels.USAGE_PRICED, record.getHeaders(), () -> EventCodec.decode(json, UsagePriced.class),
                priced -> appendFact(Cause.of(Channels.USAGE_PRICED, priced, priced.payload().requestedAt()),
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
            return appendFact(cause, state -> LedgerDecisions.creditPurchase(state, purchase)).replaceWithVoid();
        }
        if (event.payload() instanceof CreditsRefunded refund) {
            return appendFact(cause, state -> LedgerDecisions.debitRefund(state, refund)).replaceWithVoid();
        }
        if (event.payload() instanceof DisputeWon won) {
            return appendFact(cause, state -> LedgerDecisions.reinstateCredits(state, won)).replaceWithVoid();
        }
        LOG.debugf("ignoring %s on the payments topic", event.type());
        return Uni.createFrom().voidItem();
    }

    /** Appends a fact, and tells finance once it is committed when it landed on a closed account. */
    private Uni<List<LedgerEvent>> appendFact(Cause cause, Function<AccountState, List<LedgerEvent>> decision) {
        // the state the committed entries were decided on (a transaction that lost a race is retried and decides again)
        AtomicReference<AccountState> decidedOn = new AtomicReference<>();
        return appender.append(cause, state -> {
                    decidedOn.set(state);
                    return decision.apply(state);
                })
                .invoke(entries -> {
                    if (!entries.isEmpty() && decidedOn.get().isClosed()) {
                        tellFinance(cause, entries);
                    }
                });
    }

    private void tellFinance(Cause cause, List<LedgerEvent> entries) {
        for (LedgerEvent entry : entries) {
            String type = entry.getClass().getSimpleName();
            metrics.counter("tollgate.ledger.closed.account.entries", "type", type).increment();
            LOG.warnf("%s of %d micro-units %s recorded on CLOSED account %s (sequence %d, cause %s); its balance is now %d: "
                            + "settle it (give the money back or write the debt off, then an adjustment toward zero)",
                    type, entry.amount().amountMicros(), entry.amount().currency(), cause.accountId(), entry.sequence(),
                    cause.causationId(), entry.balanceAfter().amountMicros());
        }
    }
}
