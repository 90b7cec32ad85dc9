package dev.tollgate.router.testing;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.KafkaTestClient;

/** Plays the ledger: writes ledger entries to the real ledger topic with a plain Kafka producer. */
public final class LedgerTopic {

    private LedgerTopic() {
    }

    public static void publish(String accountId, LedgerEvent entry) {
        EventEnvelope<LedgerEvent> envelope = EventEnvelope.wrap(UUID.randomUUID(), accountId, Instant.now(),
                null, null, entry);
        try (KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.LEDGER_EVENTS, accountId, EventCodec.encode(envelope));
        }
    }
}
