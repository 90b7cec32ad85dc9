package dev.tollgate.publisher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jboss.logging.Logger;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;

/**
 * Publishes the rows inserted into one table to one Kafka topic with Debezium's embedded engine (pgoutput, a logical
 * replication slot of its own). The service's database write is its only write; this is how the event leaves it
 * (no dual write). Used for the ledger's log and the payments outbox; in Kubernetes a Debezium connector in Kafka
 * Connect does the same job.
 *
 * <p>At least once: the engine's offset is committed only after Kafka acknowledged the whole batch, so a crash
 * republishes, never loses; consumers deduplicate by event id. Order per key holds: the table is read in commit
 * order and a key stays on one partition. Rows inserted before the slot existed are read once by the initial
 * snapshot. Updates and deletes are not published: the tables published this way are append-only.
 */
public final class TablePublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TablePublisher.class);

    private final TablePublication publication;
    private final KafkaProducer<String, String> producer;
    private final DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private final ExecutorService executor;

    private TablePublisher(TablePublication publication) {
        this.publication = publication;
        this.producer = new KafkaProducer<>(producerProperties(publication));
        this.engine = DebeziumEngine.create(Connect.class)
                .using(debeziumProperties(publication))
                .notifying(this::publishBatch)
                .using((success, message, error) -> {
                    if (!success) {
                        LOG.errorf(error, "%s stopped: %s", publication.name(), message);
                    }
                })
                .build();
        this.executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, publication.name()));
    }

    /** Starts publishing in a thread of its own; {@link #close()} stops it. */
    public static TablePublisher start(TablePublication publication) {
        TablePublisher publisher = new TablePublisher(publication);
        publisher.executor.execute(publisher.engine);
        LOG.infof("%s: publishing %s to %s", publication.name(), publication.table(), publication.topic());
        return publisher;
    }

    /** Stops the engine (before the database, or stopping PostgreSQL waits for the replication connection). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            engine.close();
            executor.shutdown();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } finally {
            producer.close();
        }
    }

    private void publishBatch(List<ChangeEvent<SourceRecord, SourceRecord>> changes,
                              DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer) throws InterruptedException {
        List<Future<RecordMetadata>> sends = new ArrayList<>(changes.size());
        for (ChangeEvent<SourceRecord, SourceRecord> change : changes) {
            Struct row = insertedRow(change.value());
            if (row != null) {
                sends.add(producer.send(new ProducerRecord<>(publication.topic(),
                        row.getString(publication.keyColumn()), row.getString(publication.valueColumn()))));
            }
        }
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        } catch (ExecutionException e) {
            // offsets stay where they were: the engine stops and the batch is read again on restart
            throw new IllegalStateException(publication.name() + " could not publish to " + publication.topic(), e.getCause());
        }
        for (ChangeEvent<SourceRecord, SourceRecord> change : changes) {
            committer.markProcessed(change);
        }
        committer.markBatchFinished();
    }

    /**
     * The row of an insert ({@code op} c) or of the initial snapshot ({@code op} r); null for anything else: updates,
     * deletes, heartbeats, tombstones. The tables published this way are append-only, so only inserts are events.
     */
    static Struct insertedRow(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
            return null;
        }
        String operation = value.getString("op");
        return "c".equals(operation) || "r".equals(operation) ? value.getStruct("after") : null;
    }

    private static Properties producerProperties(TablePublication publication) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, publication.kafkaBootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, publication.name());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }

    static Properties debeziumProperties(TablePublication publication) {
        Properties properties = new Properties();
        properties.setProperty("name", publication.name());
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        properties.setProperty("offset.storage.file.filename", publication.offsetsFile().toString());
        properties.setProperty("offset.flush.interval.ms", "1000");
        properties.setProperty("database.hostname", publication.databaseHost());
        properties.setProperty("database.port", Integer.toString(publication.databasePort()));
        properties.setProperty("database.user", publication.databaseUser());
        properties.setProperty("database.password", publication.databasePassword());
        properties.setProperty("database.dbname", publication.databaseName());
        // unique per engine: two engines with one prefix in a JVM block each other (JMX names)
        properties.setProperty("topic.prefix", "tollgate-" + publication.databaseName() + "-" + publication.slotName());
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("slot.name", publication.slotName());
        properties.setProperty("publication.name", publication.slotName());
        properties.setProperty("publication.autocreate.mode", publication.createsPublication() ? "filtered" : "disabled");
        properties.setProperty("table.include.list", publication.table());
        // rows written before the slot existed are read once by the initial snapshot, then the stream follows
        properties.setProperty("snapshot.mode", "initial");
        return properties;
    }
}
