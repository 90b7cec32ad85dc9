package dev.tollgate.metering.analytics;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.PriceLine;
import dev.tollgate.contracts.TokenClass;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.metering.messaging.Channels;

/**
 * Keeps {@code usage_hourly} up to date from the priced usage (its own consumer group). Each batch is one
 * transaction: per event, an inbox row (a duplicate key means "already counted") and the hourly upsert.
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
        List<EventEnvelope<UsagePriced>> events = batch.getPayload().stream()
                .map(UsageAnalyticsProjection::decodeOrNull)
                .filter(event -> event != null)
                .toList();
        return pool.withTransaction(connection -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(event -> apply(connection, event))
                        .collect().last())
                .onFailure().invoke(failure -> LOG.warnf("usage analytics batch will be retried: %s", failure.toString()))
                .onFailure().retry().withBackOff(java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(10)).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static Uni<Void> apply(SqlClient connection, EventEnvelope<UsagePriced> event) {
        return connection.preparedQuery("insert into usage_analytics_inbox (event_id) values ($1) on conflict do nothing")
                .execute(Tuple.of(event.eventId()))
                .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem() : upsert(connection, event.accountId(), event.payload()));
    }

    private static Uni<Void> upsert(SqlClient connection, String accountId, UsagePriced priced) {
        long prompt = tokens(priced, TokenClass.PROMPT);
        long cached = tokens(priced, TokenClass.CACHED_PROMPT);
        long completion = tokens(priced, TokenClass.COMPLETION);
        OffsetDateTime hour = priced.requestedAt().truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        return connection.preparedQuery("""
                        insert into usage_hourly (account_id, model, hour, currency, requests, prompt_tokens, cached_prompt_tokens,
                                                  completion_tokens, cost_micros)
                        values ($1, $2, $3, $4, 1, $5, $6, $7, $8)
                        on conflict (account_id, model, hour, currency) do update set
                            requests = usage_hourly.requests + 1,
                            prompt_tokens = usage_hourly.prompt_tokens + excluded.prompt_tokens,
                            cached_prompt_tokens = usage_hourly.cached_prompt_tokens + excluded.cached_prompt_tokens,
                            completion_tokens = usage_hourly.completion_tokens + excluded.completion_tokens,
                            cost_micros = usage_hourly.cost_micros + excluded.cost_micros""")
                .execute(Tuple.from(List.of(accountId, priced.model(), hour, priced.breakdown().total().currency(),
                        prompt + cached, cached, completion, priced.breakdown().total().amountMicros())))
                .replaceWithVoid();
    }

    /** Tokens of one class; prompt tokens in the projection include the cached ones, as the router reports them. */
    private static long tokens(UsagePriced priced, TokenClass tokenClass) {
        return priced.breakdown().lines().stream().filter(line -> line.tokenClass() == tokenClass)
                .mapToLong(PriceLine::tokens).sum();
    }

    /** A record that is not a {@code UsagePriced} is not usage: the ledger is the consumer that must care. */
    private static EventEnvelope<UsagePriced> decodeOrNull(String json) {
        try {
            return EventCodec.decode(json, UsagePriced.class);
        } catch (RuntimeException e) {
            LOG.warnf("a record on the priced-usage topic is not a UsagePriced (%s): not counted", e.getClass().getSimpleName());
            return null;
        }
    }
}
