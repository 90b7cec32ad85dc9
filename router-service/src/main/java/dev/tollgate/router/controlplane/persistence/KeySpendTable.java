package dev.tollgate.router.controlplane.persistence;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** What each key has spent: one row per billed request, summed per key. */
@ApplicationScoped
public class KeySpendTable {

    private final Pool pool;

    public KeySpendTable(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> spentMicros(String keyId) {
        return pool.preparedQuery("select spent_micros from key_spend where key_id = $1")
                .execute(Tuple.of(keyId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("spent_micros"));
    }

    /**
     * Adds a request's cost to its key, once per request id: in one statement, so the request's row and the
     * key's sum change together.
     *
     * @return whether it was added (false: this request id was already recorded, nothing changed)
     */
    public Uni<Boolean> record(String requestId, String keyId, long tokens, long costMicros) {
        return pool.preparedQuery("""
                        with recorded as (
                            insert into key_spend_record (request_id, key_id, tokens, cost_micros) values ($1, $2, $3, $4)
                            on conflict (request_id) do nothing
                            returning key_id, tokens, cost_micros)
                        insert into key_spend (key_id, spent_micros, tokens)
                        select key_id, cost_micros, tokens from recorded
                        on conflict (key_id) do update set spent_micros = key_spend.spent_micros + excluded.spent_micros,
                            tokens = key_spend.tokens + excluded.tokens, updated_at = now()
                        returning key_id""")
                .execute(Tuple.of(requestId, keyId, tokens, costMicros))
                .map(rows -> rows.size() > 0);
    }
}
