package dev.tollgate.router.testing;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Topics;

/** Plays the ledger: writes ledger entries to the real ledger topic with a plain Kafka producer. */
public final class LedgerTopic {

    private LedgerTopic() {
    }

    public static void publish(String accountId, LedgerEvent entry) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        EventEnvelope<LedgerEvent> envelope = EventEnvelope.wrap(UUID.randomUUID(), accountId, Instant.now(),
                null, null, entry);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(Topics.LEDGER_EVENTS, accountId, EventCodec.encode(envelope))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not write the ledger entry", e.getCause());
        }
    }
}
