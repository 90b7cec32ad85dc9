package dev.tollgate.payments.debezium;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import dev.tollgate.contracts.Topics;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes the payments outbox with Debezium's embedded engine: every row inserted into
 * {@code outbox_event} becomes one record on {@link Topics#PAYMENTS_EVENTS}, key = {@code aggregateid}
 * (the account id), value = {@code payload} (the whole envelope, as the ledger's consumer reads it).
 * The state change and the outbox row commit together; this is how the event leaves (no dual write).
 *
 * <p>At least once: Debezium's offset is committed only after Kafka acknowledged the batch; the
 * ledger deduplicates by event id, and event ids derive from their cause.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);

    private final OutboxPublisherConfig config;
    private ExecutorService executor;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private KafkaProducer<String, String> producer;

    public OutboxPublisher(OutboxPublisherConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent started) {
        if (!config.enabled()) {
            LOG.info("payments outbox publisher disabled");
            return;
        }
        producer = new KafkaProducer<>(producerProperties());
        engine = DebeziumEngine.create(Connect.class)
                .using(config.debeziumProperties())
                .notifying(this::publishBatch)
                .using((success, message, error) -> {
                    if (!success) {
                        LOG.errorf(error, "payments outbox publisher stopped: %s", message);
                    }
                })
                .build();
        executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "payments-outbox-publisher"));
        executor.execute(engine);
        LOG.infof("publishing outbox_event to %s", Topics.PAYMENTS_EVENTS);
    }

    void stop(@Observes ShutdownEvent stopping) throws IOException, InterruptedException {
        if (engine != null) {
            engine.close();
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (producer != null) {
            producer.close();
        }
    }

    private void publishBatch(List<ChangeEvent<SourceRecord, SourceRecord>> changes,
                              DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(changes.size());
        for (ChangeEvent<SourceRecord, SourceRecord> change : changes) {
            OutboxRow row = OutboxRow.of(change.value());
            if (row != null) {
                sends.add(producer.send(new ProducerRecord<>(Topics.PAYMENTS_EVENTS, row.aggregateId(), row.payload())));
            }
        }
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            // offsets stay where they were: the batch is read again on restart
            throw new IllegalStateException("could not publish payments events to Kafka", e.getCause());
        }
        for (ChangeEvent<SourceRecord, SourceRecord> change : changes) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "payments-outbox-publisher");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }

    /** The two outbox columns a record needs. */
    record OutboxRow(String aggregateId, String payload) {

        /** The row of an insert (or of the initial snapshot); null for anything else. */
        static OutboxRow of(SourceRecord record) {
            if (!(record.value() instanceof Struct value) || value.schema().field("after") == null) {
                return null;
            }
            Struct after = value.getStruct("after");
            if (after == null) {
                return null;
            }
            return new OutboxRow(after.getString("aggregateid"), after.getString("payload"));
        }
    }
}
