package dev.tollgate.metering.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox table {@code outbox_event}: events written in the same transaction as the change they
 * announce, published later by {@code messaging.OutboxRelay}.
 */
@ApplicationScoped
public class Outbox {

    private final Pool pool;

    public Outbox(Pool pool) {
        this.pool = pool;
    }

    /** Adds an event within the caller's transaction ({@code client} is its connection). */
    public Uni<Void> add(SqlClient client, UUID eventId, String topic, String key, String payload) {
        return client.preparedQuery("insert into outbox_event (id, topic, record_key, payload) values ($1, $2, $3, $4)")
                .execute(Tuple.of(eventId, topic, key, payload))
                .replaceWithVoid();
    }

    /** The oldest events not yet published, in the order they were written. */
    public Uni<List<PendingEvent>> unpublished(int limit) {
        return pool.preparedQuery("""
                        select id, topic, record_key, payload from outbox_event where published_at is null
                        order by created_at, id limit $1""")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<PendingEvent> events = new ArrayList<>();
                    for (Row row : rows) {
                        events.add(new PendingEvent(row.getUUID("id"), row.getString("topic"), row.getString("record_key"),
                                row.getString("payload")));
                    }
                    return events;
                });
    }

    public Uni<Void> markPublished(UUID eventId) {
        return pool.preparedQuery("update outbox_event set published_at = now() where id = $1")
                .execute(Tuple.of(eventId))
                .replaceWithVoid();
    }

    public record PendingEvent(UUID id, String topic, String key, String payload) {
    }
}
