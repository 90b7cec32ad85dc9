package dev.tollgate.metering.analytics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.tollgate.access.AccountAccess;
import dev.tollgate.metering.api.ApiProblem;
import dev.tollgate.metering.security.Roles;

/**
 * Usage analytics: tokens and cost per account, model and hour or day (UTC) over a period. Role {@code finance}
 * reads every account; a customer's token ({@code account:<id>}) only its own, and must name it.
 */
@Path("/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageAnalyticsResource {

    /** One account, model and period bucket. {@code costMicros} is in {@code currency}'s micro-units. */
    public record UsageBucket(String accountId, String model, Instant periodStart, String currency, long requests,
                              long promptTokens, long cachedPromptTokens, long completionTokens, long costMicros) {
    }

    public record UsageReport(Instant from, Instant to, String granularity, String accountId, List<UsageBucket> buckets) {
    }

    private final Pool pool;
    private final AccountAccess access;

    public UsageAnalyticsResource(Pool pool, AccountAccess access) {
        this.pool = pool;
        this.access = access;
    }

    @GET
    @Authenticated
    @Operation(summary = "Tokens and cost per account, model and hour or day in [from, to); without accountId: every account (finance)")
    public Uni<UsageReport> usage(@RestQuery String accountId, @RestQuery String model, @RestQuery String from,
                                  @RestQuery String to, @RestQuery String granularity) {
        // who may ask comes before what was asked: a refused caller learns nothing from validation messages
        if (accountId == null) {
            access.requireStaff(Roles.FINANCE);
        } else {
            access.require(accountId, Roles.FINANCE);
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!start.isBefore(end)) {
            throw ApiProblem.badRequest("invalid-query-parameter", "'from' must be before 'to'");
        }
        String unit = granularity == null ? "hour" : granularity;
        if (!unit.equals("hour") && !unit.equals("day")) {
            throw ApiProblem.badRequest("invalid-query-parameter", "'granularity' must be hour or day");
        }
        return pool.preparedQuery("""
                        select account_id, model, date_trunc($1, hour at time zone 'UTC') at time zone 'UTC' as period_start,
                               currency, sum(requests) as requests, sum(prompt_tokens) as prompt_tokens,
                               sum(cached_prompt_tokens) as cached_prompt_tokens, sum(completion_tokens) as completion_tokens,
                               sum(cost_micros) as cost_micros
                        from usage_hourly
                        where hour >= $2 and hour < $3 and ($4::text is null or account_id = $4) and ($5::text is null or model = $5)
                        group by 1, 2, 3, 4 order by 3, 1, 2""")
                .execute(Tuple.from(Arrays.asList(unit, start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC), accountId, model)))
                .map(rows -> {
                    List<UsageBucket> buckets = new ArrayList<>();
                    for (Row row : rows) {
                        OffsetDateTime periodStart = row.getOffsetDateTime("period_start");
                        buckets.add(new UsageBucket(row.getString("account_id"), row.getString("model"), periodStart.toInstant(),
                                row.getString("currency"), row.getLong("requests"), row.getLong("prompt_tokens"),
                                row.getLong("cached_prompt_tokens"), row.getLong("completion_tokens"), row.getLong("cost_micros")));
                    }
                    return new UsageReport(start, end, unit, accountId, buckets);
                });
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            throw ApiProblem.badRequest("missing-query-parameter", "'" + name + "' is required (ISO-8601 instant)");
        }
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiProblem(Status.BAD_REQUEST, "invalid-query-parameter", "Invalid query parameter",
                    "'" + name + "' must be an ISO-8601 instant such as 2026-06-01T00:00:00Z");
        }
    }
}
