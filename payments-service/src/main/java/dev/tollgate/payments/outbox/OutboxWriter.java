package dev.tollgate.payments.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;

/**
 * Writes an event to {@code outbox_event} on the caller's connection, so it commits or rolls back
 * with the state change that caused it; Debezium publishes it (no dual write). Event ids are derived
 * from what caused the event, so the same cause can never produce two rows.
 */
public final class OutboxWriter {

    private OutboxWriter() {
    }

    /** @return false when an event with this id is in the outbox already */
    public static boolean write(Connection connection, String aggregateType, EventEnvelope<?> envelope) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into outbox_event (id, aggregatetype, aggregateid, type, payload) values (?, ?, ?, ?, ?::jsonb) "
                        + "on conflict (id) do nothing")) {
            insert.setObject(1, envelope.eventId());
            insert.setString(2, aggregateType);
            insert.setString(3, envelope.accountId());
            insert.setString(4, envelope.type());
            insert.setString(5, EventCodec.encode(envelope));
            return insert.executeUpdate() == 1;
        }
    }
}
