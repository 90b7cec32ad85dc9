package dev.tollgate.router.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.contracts.LedgerBalance;
import dev.tollgate.router.balance.BalanceView;

/**
 * Keeps the {@link BalanceView} up to date from the ledger's compacted balances topic (one record per
 * account after compaction). Every instance reads the whole topic from the beginning at start (own
 * consumer group, earliest offset, no commits), since the view lives in memory only. Applying a
 * record twice is harmless: the view keeps the highest sequence.
 */
@ApplicationScoped
public class LedgerBalancesConsumer {

    private static final Logger LOG = Logger.getLogger(LedgerBalancesConsumer.class);

    private final BalanceView balances;
    private final ObjectMapper mapper;

    public LedgerBalancesConsumer(BalanceView balances, ObjectMapper mapper) {
        this.balances = balances;
        this.mapper = mapper;
    }

    @Incoming(Channels.LEDGER_BALANCES)
    public void onLedgerBalance(String json) {
        if (json == null) {
            return; // a tombstone: the account's record was deleted; the view keeps what it knew
        }
        LedgerBalance record;
        try {
            record = mapper.readValue(json, LedgerBalance.class);
        } catch (Exception unreadable) {
            // the view is only a cache of the ledger: skip what cannot be read rather than stop learning
            // balances (the ledger owns the topic and its quality)
            LOG.warnf("skipping an unreadable balance record: %s", unreadable.getMessage());
            return;
        }
        if (record.accountId() == null || record.balance() == null || record.available() == null) {
            LOG.warnf("skipping a balance record without account or amounts: %s", json);
            return;
        }
        balances.apply(record);
    }
}
