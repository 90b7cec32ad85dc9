package dev.tollgate.publisher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one {@link TablePublisher} publishes, and from where: every row inserted into {@code table} becomes one Kafka
 * record on {@code topic}, key = the row's {@code keyColumn}, value = its {@code valueColumn}.
 *
 * @param name                 the engine's name: in thread names, logs and the Kafka client id
 * @param databaseHost         PostgreSQL host
 * @param databasePort         PostgreSQL port
 * @param databaseName         the database that holds {@code table}
 * @param databaseUser         a role allowed to replicate (logical decoding) and to read {@code table}
 * @param databasePassword     its password (never logged)
 * @param table                the captured table, schema-qualified ({@code public.ledger_event})
 * @param keyColumn            the column whose text becomes the record key (the account id: per-account order)
 * @param valueColumn          the column whose text becomes the record value (the event envelope, JSON)
 * @param topic                where the records go
 * @param slotName             the replication slot, also the publication's name; one per publisher
 * @param createsPublication   whether the engine creates the publication itself (it needs the table's owner for that);
 *                             false when a migration created it
 * @param offsetsFile          where the engine keeps its position in the log between runs
 * @param kafkaBootstrapServers the brokers to publish to
 */
public record TablePublication(
        String name,
        String databaseHost,
        int databasePort,
        String databaseName,
        String databaseUser,
        String databasePassword,
        String table,
        String keyColumn,
        String valueColumn,
        String topic,
        String slotName,
        boolean createsPublication,
        Path offsetsFile,
        String kafkaBootstrapServers) {

    public TablePublication {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keyColumn, "keyColumn");
        Objects.requireNonNull(valueColumn, "valueColumn");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(slotName, "slotName");
        Objects.requireNonNull(offsetsFile, "offsetsFile");
        if (!table.contains(".")) {
            throw new IllegalArgumentException("the table must be schema-qualified (public." + table + ")");
        }
    }

    /** The password stays out of {@code toString}, which logs and error messages may print. */
    @Override
    public String toString() {
        return "TablePublication[" + name + ": " + databaseName + "." + table + " -> " + topic + ", key " + keyColumn
                + ", value " + valueColumn + ", slot " + slotName + ", user " + databaseUser + "]";
    }
}
