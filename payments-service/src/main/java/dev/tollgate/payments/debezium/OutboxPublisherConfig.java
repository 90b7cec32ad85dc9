package dev.tollgate.payments.debezium;

import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Configuration of the embedded Debezium engine that publishes the payments outbox. */
@ApplicationScoped
public class OutboxPublisherConfig {

    @ConfigProperty(name = "tollgate.payments.publisher.enabled")
    boolean enabled;

    @ConfigProperty(name = "tollgate.payments.publisher.slot-name")
    String slotName;

    @ConfigProperty(name = "tollgate.payments.publisher.offsets-file")
    String offsetsFile;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafkaBootstrapServers;

    @ConfigProperty(name = "tollgate.postgres.host")
    String postgresHost;

    @ConfigProperty(name = "tollgate.postgres.port")
    int postgresPort;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    boolean enabled() {
        return enabled;
    }

    String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    Properties debeziumProperties() {
        Properties properties = new Properties();
        properties.setProperty("name", "payments-outbox-publisher");
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        properties.setProperty("offset.storage.file.filename", offsetsFile);
        properties.setProperty("offset.flush.interval.ms", "1000");
        properties.setProperty("database.hostname", postgresHost);
        properties.setProperty("database.port", Integer.toString(postgresPort));
        properties.setProperty("database.user", user);
        properties.setProperty("database.password", password);
        properties.setProperty("database.dbname", "payments");
        // unique per engine: two engines with one prefix in a JVM block each other (JMX names)
        properties.setProperty("topic.prefix", "tollgate-payments-" + slotName);
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("slot.name", slotName);
        properties.setProperty("publication.name", slotName);
        properties.setProperty("publication.autocreate.mode", "filtered");
        properties.setProperty("table.include.list", "public.outbox_event");
        // rows written before the slot existed are read once by the initial snapshot, then the stream follows
        properties.setProperty("snapshot.mode", "initial");
        return properties;
    }
}
