package dev.tollgate.ledger.debezium;

import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Configuration of the embedded Debezium engine that publishes the ledger log. */
@ApplicationScoped
public class PublisherConfig {

    @ConfigProperty(name = "tollgate.ledger.publisher.enabled")
    boolean enabled;

    @ConfigProperty(name = "tollgate.ledger.publisher.slot-name")
    String slotName;

    @ConfigProperty(name = "tollgate.ledger.publisher.offsets-file")
    String offsetsFile;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafkaBootstrapServers;

    @ConfigProperty(name = "tollgate.postgres.host")
    String postgresHost;

    @ConfigProperty(name = "tollgate.postgres.port")
    int postgresPort;

    /** A replication role of its own, not the service's application role (see application.properties). */
    @ConfigProperty(name = "tollgate.ledger.publisher.username")
    String user;

    @ConfigProperty(name = "tollgate.ledger.publisher.password")
    String password;

    boolean enabled() {
        return enabled;
    }

    String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    Properties debeziumProperties() {
        Properties properties = new Properties();
        properties.setProperty("name", "ledger-log-publisher");
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        properties.setProperty("offset.storage.file.filename", offsetsFile);
        properties.setProperty("offset.flush.interval.ms", "1000");
        properties.setProperty("database.hostname", postgresHost);
        properties.setProperty("database.port", Integer.toString(postgresPort));
        properties.setProperty("database.user", user);
        properties.setProperty("database.password", password);
        properties.setProperty("database.dbname", "ledger");
        // unique per engine: two engines with one prefix in a JVM block each other (JMX names)
        properties.setProperty("topic.prefix", "tollgate-ledger-" + slotName);
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("slot.name", slotName);
        properties.setProperty("publication.name", slotName);
        // the migrations create the publication (it needs the table's owner; this role only reads)
        properties.setProperty("publication.autocreate.mode", "disabled");
        properties.setProperty("table.include.list", "public.ledger_event");
        // rows written before the slot existed are read once by the initial snapshot, then the stream follows
        properties.setProperty("snapshot.mode", "initial");
        return properties;
    }
}
