package dev.tollgate.router.controlplane.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/** Small helpers for reading rows of the reactive client. */
final class Rows {

    private Rows() {
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    /** A bytea parameter: the driver takes Vert.x core buffers. */
    static io.vertx.core.buffer.Buffer bytea(byte[] bytes) {
        return io.vertx.core.buffer.Buffer.buffer(bytes);
    }

    static <T> T first(RowSet<T> rows) {
        return rows.size() == 0 ? null : rows.iterator().next();
    }
}
