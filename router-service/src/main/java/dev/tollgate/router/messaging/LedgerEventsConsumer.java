package dev.tollgate.router.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.router.balance.BalanceView;

/**
 * Keeps the {@link BalanceView} up to date from the ledger's log. Every instance reads the whole
 * topic from the beginning at start (own consumer group, earliest offset, no commits), since the
 * view lives in memory only. Applying an entry twice is harmless: the view keeps the highest sequence.
 */
@ApplicationScoped
public class LedgerEventsConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerEventsConsumer.class);

    private final BalanceView balances;

    public LedgerEventsConsumer(BalanceView balances) {
        this.balances = balances;
    }

    @Incoming(Channels.LEDGER_EVENTS)
    public void onLedgerEvent(String json) {
        EventEnvelope<EventPayload> envelope;
        try {
            envelope = EventCodec.decode(json);
        } catch (EventCodec.InvalidEventException e) {
            // the view is only a cache of the ledger: skip what cannot be read rather than stop
            // learning balances (the ledger's own consumers own dead-lettering)
            LOG.warnf("skipping an unreadable ledger record: %s", e.getMessage());
            return;
        }
        if (envelope.payload() instanceof LedgerEvent entry) {
            balances.apply(envelope.accountId(), entry.sequence(), entry.balanceAfter());
        }
    }
}
