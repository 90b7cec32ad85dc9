package dev.tollgate.router.controlplane.persistence;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;

import dev.tollgate.router.routing.Capability;
import dev.tollgate.router.routing.RoutingProfile;
import dev.tollgate.router.routing.Tier;

/** The one routing profile of each account (the table's unique account_id enforces "one"). */
@ApplicationScoped
public class ProfileTable {

    static final String COLUMNS = "account_id, lowest_tier, highest_tier, cost_cap_micros, capabilities, tool_calling_floor, created_at, updated_at";

    private final Pool pool;

    public ProfileTable(Pool pool) {
        this.pool = pool;
    }

    /** Stores the account's profile unless it already has one: empty then, and nothing changed. */
    public Uni<Optional<StoredProfile>> insertIfAbsent(String accountId, RoutingProfile profile) {
        return pool.preparedQuery("insert into routing_profile (account_id, lowest_tier, highest_tier, cost_cap_micros, capabilities, tool_calling_floor) "
                        + "values ($1, $2, $3, $4, $5, $6) on conflict (account_id) do nothing returning " + COLUMNS)
                .execute(values(accountId, profile))
                .map(rows -> Optional.ofNullable(Rows.first(rows)).map(ProfileTable::stored));
    }

    /** Replaces the account's profile; empty when it has none (nothing changed). */
    public Uni<Optional<StoredProfile>> update(String accountId, RoutingProfile profile) {
        return pool.preparedQuery("update routing_profile set lowest_tier = $2, highest_tier = $3, cost_cap_micros = $4, "
                        + "capabilities = $5, tool_calling_floor = $6, updated_at = now() where account_id = $1 returning " + COLUMNS)
                .execute(values(accountId, profile))
                .map(rows -> Optional.ofNullable(Rows.first(rows)).map(ProfileTable::stored));
    }

    public Uni<Optional<StoredProfile>> find(String accountId) {
        return pool.preparedQuery("select " + COLUMNS + " from routing_profile where account_id = $1")
                .execute(Tuple.of(accountId))
                .map(rows -> Optional.ofNullable(Rows.first(rows)).map(ProfileTable::stored));
    }

    private static Tuple values(String accountId, RoutingProfile profile) {
        String[] capabilities = profile.requiredCapabilities().stream().sorted().map(Capability::id).toArray(String[]::new);
        return Tuple.tuple()
                .addString(accountId)
                .addString(profile.lowestTier().id())
                .addString(profile.highestTier().id())
                .addLong(profile.costCapMicros())
                .addArrayOfString(capabilities)
                .addValue(profile.toolCallingFloor() == null ? null : Numeric.create(profile.toolCallingFloor()));
    }

    private static StoredProfile stored(Row row) {
        return new StoredProfile(row.getString("account_id"), profile(row, ""), Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
    }

    /** The profile in {@code row}, whose profile columns carry {@code prefix} (e.g. {@code "p_"}). */
    static RoutingProfile profile(Row row, String prefix) {
        Set<Capability> capabilities = Arrays.stream(row.getArrayOfStrings(prefix + "capabilities"))
                .map(id -> Capability.fromId(id).orElseThrow(() -> new IllegalStateException("unknown capability stored: " + id)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));
        return new RoutingProfile(tier(row.getString(prefix + "lowest_tier")), tier(row.getString(prefix + "highest_tier")),
                row.getLong(prefix + "cost_cap_micros"), capabilities, row.getBigDecimal(prefix + "tool_calling_floor"));
    }

    private static Tier tier(String id) {
        return Tier.fromId(id).orElseThrow(() -> new IllegalStateException("unknown tier stored: " + id));
    }
}
