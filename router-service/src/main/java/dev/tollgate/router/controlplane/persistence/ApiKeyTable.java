package dev.tollgate.router.controlplane.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.tollgate.router.auth.ApiKeyOwner;
import dev.tollgate.router.auth.ApiKeyStore;
import dev.tollgate.router.auth.AuthenticatedKey;
import dev.tollgate.router.auth.KeyRateLimits;

/** API keys (HMAC only) with what each has spent; the gateway authenticates against this table. */
@ApplicationScoped
public class ApiKeyTable implements ApiKeyStore {

    private static final String KEY_COLUMNS = """
            k.key_id, k.account_id, k.name, k.display_prefix, k.spend_limit_micros, k.requests_per_minute,
            k.tokens_per_minute, k.created_at, k.revoked_at, coalesce(s.spent_micros, 0) as spent_micros""";

    private final Pool pool;

    public ApiKeyTable(Pool pool) {
        this.pool = pool;
    }

    public Uni<KeyRecord> insert(NewKey key) {
        return pool.preparedQuery("""
                        insert into api_key (key_id, account_id, key_hash, display_prefix, name, spend_limit_micros,
                                             requests_per_minute, tokens_per_minute)
                        values ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(values(key))
                .chain(() -> find(key.accountId(), key.keyId()))
                .map(Optional::orElseThrow);
    }

    /**
     * Stores the key unless its id exists; if it exists with another hash (the configured secret changed),
     * the hash is replaced and the key is usable again. Used for the demo key, at every start.
     */
    public Uni<Void> upsert(NewKey key) {
        return pool.preparedQuery("""
                        insert into api_key (key_id, account_id, key_hash, display_prefix, name, spend_limit_micros,
                                             requests_per_minute, tokens_per_minute)
                        values ($1, $2, $3, $4, $5, $6, $7, $8)
                        on conflict (key_id) do update set key_hash = excluded.key_hash, display_prefix = excluded.display_prefix,
                            revoked_at = null
                        where api_key.key_hash <> excluded.key_hash""")
                .execute(values(key)).replaceWithVoid();
    }

    public Uni<List<KeyRecord>> list(String accountId) {
        return pool.preparedQuery("select " + KEY_COLUMNS + " from api_key k left join key_spend s on s.key_id = k.key_id "
                        + "where k.account_id = $1 order by k.created_at, k.key_id")
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    List<KeyRecord> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(key(row)));
                    return keys;
                });
    }

    public Uni<Optional<KeyRecord>> find(String accountId, String keyId) {
        return pool.preparedQuery("select " + KEY_COLUMNS + " from api_key k left join key_spend s on s.key_id = k.key_id "
                        + "where k.account_id = $1 and k.key_id = $2")
                .execute(Tuple.of(accountId, keyId))
                .map(rows -> Optional.ofNullable(Rows.first(rows)).map(ApiKeyTable::key));
    }

    /** Revokes the key (a revoked key stays revoked, at its first revocation time); empty if unknown. */
    public Uni<Optional<KeyRecord>> revoke(String accountId, String keyId) {
        return pool.preparedQuery("update api_key set revoked_at = coalesce(revoked_at, now()) where account_id = $1 and key_id = $2")
                .execute(Tuple.of(accountId, keyId))
                .chain(() -> find(accountId, keyId));
    }

    @Override
    public Uni<Optional<AuthenticatedKey>> findUsableByHash(byte[] keyHash) {
        return pool.preparedQuery("select k.key_id, k.account_id, k.spend_limit_micros, k.requests_per_minute, k.tokens_per_minute, "
                        + "p.lowest_tier, p.highest_tier, p.cost_cap_micros, p.capabilities, p.tool_calling_floor "
                        + "from api_key k join account a on a.id = k.account_id join routing_profile p on p.account_id = k.account_id "
                        + "where k.key_hash = $1 and k.revoked_at is null and a.status = 'active'")
                .execute(Tuple.of(Rows.bytea(keyHash)))
                .map(rows -> Optional.ofNullable(Rows.first(rows)).map(row -> new AuthenticatedKey(
                        new ApiKeyOwner(row.getString("account_id"), row.getString("key_id"), ProfileTable.profile(row, ""),
                                row.getLong("spend_limit_micros")),
                        rateLimits(row))));
    }

    private static Tuple values(NewKey key) {
        return Tuple.tuple()
                .addString(key.keyId())
                .addString(key.accountId())
                .addValue(Rows.bytea(key.keyHash()))
                .addString(key.displayPrefix())
                .addString(key.name())
                .addLong(key.spendLimitMicros())
                .addInteger(key.rateLimits().requestsPerMinute())
                .addLong(key.rateLimits().tokensPerMinute());
    }

    private static KeyRecord key(Row row) {
        return new KeyRecord(row.getString("key_id"), row.getString("account_id"), row.getString("name"),
                row.getString("display_prefix"), row.getLong("spend_limit_micros"), rateLimits(row),
                row.getLong("spent_micros"), Rows.instant(row, "created_at"), Rows.instant(row, "revoked_at"));
    }

    private static KeyRateLimits rateLimits(Row row) {
        return new KeyRateLimits(row.getInteger("requests_per_minute"), row.getLong("tokens_per_minute"));
    }
}
