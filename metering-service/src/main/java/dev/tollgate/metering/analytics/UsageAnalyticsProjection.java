package dev.tollgate.metering.analytics;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.tollgate.contracts.TokenClass;
import dev.tollgate.metering.messaging.Channels;

/**
 * Keeps {@code usage_hourly} up to date from the priced usage (its own consumer group). Each batch is one
 * transaction of two statements: the events' inbox rows (a duplicate key means "already counted") and one upsert
 * of the hourly rows with the batch's new events summed per row.
 * Offsets are committed after the transaction, so a crash recounts nothing twice and loses nothing.
 */
@ApplicationScoped
public class UsageAnalyticsProjection {

    private static final Logger LOG = Logger.getLogger(UsageAnalyticsProjection.class);

    private final Pool pool;

    public UsageAnalyticsProjection(Pool pool) {
        this.pool = pool;
    }

    @Incoming(Channels.USAGE_PRICED_IN)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onPricedBatch(Message<List<String>> batch) {
        List<PricedUsageFacts> events = batch.getPayload().stream()
                .map(UsageAnalyticsProjection::decodeOrNull)
                .filter(event -> event != null)
                .toList();
        if (events.isEmpty()) {
            return Uni.createFrom().completionStage(batch.ack());
        }
        return pool.withTransaction(connection -> apply(connection, events))
                .onFailure().invoke(failure -> LOG.warnf("usage analytics batch will be retried: %s", failure.toString()))
                .onFailure().retry().withBackOff(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(10)).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /**
     * Two statements per batch: the inbox insert answers which event ids are new (a duplicate, also within the
     * batch, is counted once), and the hourly rows are upserted with the new events summed per row.
     */
    private static Uni<Void> apply(SqlClient connection, List<PricedUsageFacts> events) {
        UUID[] eventIds = events.stream().map(PricedUsageFacts::eventId).toArray(UUID[]::new);
        return connection.preparedQuery("""
                        insert into usage_analytics_inbox (event_id) select unnest($1::uuid[])
                        on conflict do nothing returning event_id""")
                .execute(Tuple.of(eventIds))
                .chain(inserted -> {
                    Set<UUID> firstSeen = new HashSet<>();
                    inserted.forEach(row -> firstSeen.add(row.getUUID("event_id")));
                    Map<HourlyKey, HourlyUsage> hours = new LinkedHashMap<>();
                    for (PricedUsageFacts event : events) {
                        if (firstSeen.remove(event.eventId())) {
                            hours.computeIfAbsent(HourlyKey.of(event), key -> new HourlyUsage()).add(event);
                        }
                    }
                    return hours.isEmpty() ? Uni.createFrom().voidItem() : upsert(connection, hours);
                });
    }

    private static Uni<Void> upsert(SqlClient connection, Map<HourlyKey, HourlyUsage> hours) {
        int size = hours.size();
        String[] accounts = new String[size];
        String[] models = new String[size];
        OffsetDateTime[] hourStarts = new OffsetDateTime[size];
        String[] currencies = new String[size];
        Long[] requests = new Long[size];
        Long[] promptTokens = new Long[size];
        Long[] cachedPromptTokens = new Long[size];
        Long[] completionTokens = new Long[size];
        Long[] costMicros = new Long[size];
        int i = 0;
        for (Map.Entry<HourlyKey, HourlyUsage> entry : hours.entrySet()) {
            HourlyKey key = entry.getKey();
            HourlyUsage usage = entry.getValue();
            accounts[i] = key.accountId();
            models[i] = key.model();
            hourStarts[i] = key.hourStart();
            currencies[i] = key.currency();
            requests[i] = usage.requests;
            promptTokens[i] = usage.promptTokens;
            cachedPromptTokens[i] = usage.cachedPromptTokens;
            completionTokens[i] = usage.completionTokens;
            costMicros[i] = usage.costMicros;
            i++;
        }
        return connection.preparedQuery("""
                        insert into usage_hourly (account_id, model, hour, currency, requests, prompt_tokens, cached_prompt_tokens,
                                                  completion_tokens, cost_micros)
                        select * from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::bigint[], $6::bigint[],
                                             $7::bigint[], $8::bigint[], $9::bigint[])
                        on conflict (account_id, model, hour, currency) do update set
                            requests = usage_hourly.requests + excluded.requests,
                            prompt_tokens = usage_hourly.prompt_tokens + excluded.prompt_tokens,
                            cached_prompt_tokens = usage_hourly.cached_prompt_tokens + excluded.cached_prompt_tokens,
                            completion_tokens = usage_hourly.completion_tokens + excluded.completion_tokens,
                            cost_micros = usage_hourly.cost_micros + excluded.cost_micros""")
                .execute(Tuple.from(List.of(accounts, models, hourStarts, currencies, requests, promptTokens, cachedPromptTokens,
                        completionTokens, costMicros)))
                .replaceWithVoid();
    }

    /** One row of {@code usage_hourly}: account, model, UTC hour ({@code 2026-03-14T09}), currency. */
    private record HourlyKey(String accountId, String model, String hour, String currency) {
        static HourlyKey of(PricedUsageFacts event) {
            return new HourlyKey(event.accountId(), event.payload().model(), event.requestHour(),
                    event.payload().breakdown().total().currency());
        }

        OffsetDateTime hourStart() {
            return LocalDateTime.parse(hour + ":00").atOffset(ZoneOffset.UTC);
        }
    }

    /** What a batch adds to one row; prompt tokens include the cached ones, as the router reports them. */
    private static final class HourlyUsage {
        long requests;
        long promptTokens;
        long cachedPromptTokens;
        long completionTokens;
        long costMicros;

        void add(PricedUsageFacts event) {
            long cached = event.tokens(TokenClass.CACHED_PROMPT);
            requests++;
            promptTokens += event.tokens(TokenClass.PROMPT) + cached;
            cachedPromptTokens += cached;
            completionTokens += event.tokens(TokenClass.COMPLETION);
            costMicros += event.payload().breakdown().total().amountMicros();
        }
    }

    /** A record that is not a {@code UsagePriced} is not usage: the ledger is the consumer that must care. */
    private static PricedUsageFacts decodeOrNull(String json) {
        try {
            return PricedUsageFacts.read(json);
        } catch (RuntimeException e) {
            LOG.warnf("a record on the priced-usage topic is not a UsagePriced (%s): not counted", e.getClass().getSimpleName());
            return null;
        }
    }
}
