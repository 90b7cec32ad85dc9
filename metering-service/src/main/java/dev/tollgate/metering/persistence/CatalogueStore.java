package dev.tollgate.metering.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.tollgate.metering.domain.CatalogueVersions;
import dev.tollgate.metering.domain.ExchangeRateVersion;
import dev.tollgate.metering.domain.ModelPriceVersion;
import dev.tollgate.metering.domain.PlatformFeeVersion;
import dev.tollgate.metering.domain.PriceInForce;
import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.pricing.QuoteUnit;

/**
 * The versioned catalogue in PostgreSQL: model prices, platform fees and exchange rates. Every table is
 * append-only (the database refuses updates), so "in force at T" is always the version with the greatest
 * {@code effective_from <= T}. Plain SQL through the reactive pool: each query is one round trip.
 */
@ApplicationScoped
public class CatalogueStore {

    private static final String PRICE_COLUMNS = """
            p.model, p.provider, p.tier, p.currency, p.capabilities, p.context_window_tokens, p.max_output_tokens,
            p.tool_calling_quality, p.upstream_prompt_per_million, p.upstream_cached_prompt_per_million,
            p.upstream_completion_per_million, p.upstream_cache_write_per_million, p.quoted_per, p.effective_from,
            p.version, p.source""";

    /** The fee of the model of row {@code p} in force at {@code $2}, joined to each price row. */
    private static final String FEE_IN_FORCE_JOIN = """
            left join lateral (select f.currency as fee_currency, f.prompt_per_million as fee_prompt,
                                      f.completion_per_million as fee_completion, f.effective_from as fee_effective_from,
                                      f.version as fee_version
                               from platform_fee f where f.model = p.model and f.effective_from <= $2
                               order by f.effective_from desc limit 1) fee on true""";

    private final Pool pool;

    public CatalogueStore(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * The price and fee of {@code model} in force at {@code at}; empty if the model had no price then. The rule in
     * SQL; usage is priced from the versions in memory ({@link CatalogueVersions}), which must answer the same.
     */
    public Uni<Optional<PriceInForce>> priceInForce(String model, Instant at) {
        return pool.preparedQuery("select " + PRICE_COLUMNS + ", fee.* from model_price p " + FEE_IN_FORCE_JOIN + " " + """
                         where p.model = $1 and p.effective_from <= $2 order by p.effective_from desc limit 1""")
                .execute(Tuple.of(model, utc(at)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(priceInForce(rows.iterator().next())));
    }

    /** The catalogue's revision: it moves with every change of a versioned table (migration V4). */
    public Uni<Long> catalogueRevision() {
        return pool.query("select revision from catalogue_revision").execute()
                .map(rows -> rows.iterator().next().getLong("revision"));
    }

    /**
     * Every version of every price, fee and exchange rate, with the revision they are at least as new as: the
     * revision is read first, so a change committed in between makes the copy newer than its revision says
     * (and the next comparison loads it again), never older.
     */
    public Uni<RevisedCatalogue> loadCatalogueVersions() {
        return catalogueRevision().chain(revision -> pool.query("select " + PRICE_COLUMNS + " from model_price p").execute()
                .map(rows -> map(rows, CatalogueStore::priceVersion))
                .chain(prices -> pool.query("""
                                select model, currency as fee_currency, prompt_per_million as fee_prompt,
                                       completion_per_million as fee_completion, effective_from as fee_effective_from,
                                       version as fee_version
                                from platform_fee""").execute()
                        .map(rows -> map(rows, row -> feeVersion(row, row.getString("model"))))
                        .chain(fees -> exchangeRates()
                                .map(rates -> new RevisedCatalogue(revision, CatalogueVersions.of(prices, fees, rates))))));
    }

    /** The catalogue's versions as of a revision. */
    public record RevisedCatalogue(long revision, CatalogueVersions versions) {
    }

    /** Every model that had a price at {@code at}, each with the versions in force then, ordered by model. */
    public Uni<List<PriceInForce>> catalogueInForce(Instant at) {
        return pool.preparedQuery("select distinct on (p.model) " + PRICE_COLUMNS + ", fee.* from model_price p "
                        + FEE_IN_FORCE_JOIN.replace("$2", "$1") + " " + """
                         where p.effective_from <= $1 order by p.model, p.effective_from desc""")
                .execute(Tuple.of(utc(at)))
                .map(rows -> map(rows, CatalogueStore::priceInForce));
    }

    /** All price versions of {@code model}, oldest first, scheduled ones included. */
    public Uni<List<ModelPriceVersion>> priceHistory(String model) {
        return pool.preparedQuery("select " + PRICE_COLUMNS + " from model_price p where p.model = $1 order by p.effective_from")
                .execute(Tuple.of(model))
                .map(rows -> map(rows, CatalogueStore::priceVersion));
    }

    /** All fee versions of {@code model}, oldest first, scheduled ones included. */
    public Uni<List<PlatformFeeVersion>> feeHistory(String model) {
        return pool.preparedQuery("""
                        select currency as fee_currency, prompt_per_million as fee_prompt, completion_per_million as fee_completion,
                               effective_from as fee_effective_from, version as fee_version, model
                        from platform_fee where model = $1 order by effective_from""")
                .execute(Tuple.of(model))
                .map(rows -> map(rows, row -> feeVersion(row, row.getString("model"))));
    }

    /** The latest price version of every model (scheduled ones included): what an import compares with. */
    public Uni<List<ModelPriceVersion>> latestPriceVersions() {
        return pool.query("select distinct on (p.model) " + PRICE_COLUMNS + " from model_price p order by p.model, p.effective_from desc")
                .execute()
                .map(rows -> map(rows, CatalogueStore::priceVersion));
    }

    public Uni<Void> insertPriceVersion(SqlClient client, ModelPriceVersion price) {
        return client.preparedQuery("""
                        insert into model_price (model, provider, currency, tier, upstream_prompt_per_million,
                            upstream_cached_prompt_per_million, upstream_completion_per_million,
                            platform_fee_prompt_per_million, platform_fee_completion_per_million, effective_from, version,
                            capabilities, context_window_tokens, max_output_tokens, tool_calling_quality,
                            upstream_cache_write_per_million, quoted_per, source)
                        values ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $9, $10, $11, $12, $13, $14, $15, $16)""")
                .execute(Tuple.from(Arrays.asList(price.model(), price.provider(), price.currency(), price.tier(),
                        price.upstreamPromptPerMillion(), price.upstreamCachedPromptPerMillion(),
                        price.upstreamCompletionPerMillion(), utc(price.effectiveFrom()), price.version(),
                        price.capabilities().toArray(new String[0]), price.contextWindowTokens(), price.maxOutputTokens(),
                        price.toolCallingQuality(), price.upstreamCacheWritePerMillion(), quotedPer(price.quotedPer()),
                        price.source())))
                .replaceWithVoid();
    }

    /** The fee of {@code model} in force at {@code at}, if any. */
    public Uni<Optional<PlatformFeeVersion>> feeInForce(SqlClient client, String model, Instant at) {
        return client.preparedQuery("""
                        select currency as fee_currency, prompt_per_million as fee_prompt, completion_per_million as fee_completion,
                               effective_from as fee_effective_from, version as fee_version
                        from platform_fee where model = $1 and effective_from <= $2 order by effective_from desc limit 1""")
                .execute(Tuple.of(model, utc(at)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(feeVersion(rows.iterator().next(), model)));
    }

    public Uni<Void> insertFeeVersion(SqlClient client, PlatformFeeVersion fee) {
        return client.preparedQuery("""
                        insert into platform_fee (model, currency, prompt_per_million, completion_per_million, effective_from, version)
                        values ($1, $2, $3, $4, $5, $6)""")
                .execute(Tuple.from(Arrays.asList(fee.model(), fee.currency(), fee.promptPerMillion(), fee.completionPerMillion(),
                        utc(fee.effectiveFrom()), fee.version())))
                .replaceWithVoid();
    }

    /** The rate from {@code base} to {@code quote} in force at {@code at}, if any. */
    public Uni<Optional<ExchangeRate>> exchangeRateInForce(String base, String quote, Instant at) {
        return pool.preparedQuery("""
                        select rate, version from exchange_rate where base_currency = $1 and quote_currency = $2
                        and effective_from <= $3 order by effective_from desc limit 1""")
                .execute(Tuple.of(base, quote, utc(at)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
                        .map(row -> new ExchangeRate(base, quote, row.getBigDecimal("rate"), row.getString("version"))));
    }

    /** Every version of every rate, oldest first. */
    public Uni<List<ExchangeRateVersion>> exchangeRates() {
        return pool.query("select * from exchange_rate order by base_currency, quote_currency, effective_from")
                .execute()
                .map(rows -> map(rows, row -> new ExchangeRateVersion(row.getString("base_currency"), row.getString("quote_currency"),
                        row.getBigDecimal("rate"), instant(row, "effective_from"), row.getString("version"))));
    }

    public Uni<Void> insertExchangeRate(ExchangeRateVersion rate) {
        return pool.preparedQuery("""
                        insert into exchange_rate (base_currency, quote_currency, rate, effective_from, version)
                        values ($1, $2, $3, $4, $5)""")
                .execute(Tuple.of(rate.baseCurrency(), rate.quoteCurrency(), rate.rate(), utc(rate.effectiveFrom()), rate.version()))
                .replaceWithVoid();
    }

    private static PriceInForce priceInForce(Row row) {
        ModelPriceVersion price = priceVersion(row);
        return new PriceInForce(price, row.getString("fee_version") == null ? null : feeVersion(row, price.model()));
    }

    private static ModelPriceVersion priceVersion(Row row) {
        String[] capabilities = row.getArrayOfStrings("capabilities");
        return new ModelPriceVersion(row.getString("model"), row.getString("provider"), row.getString("tier"),
                row.getString("currency"), capabilities == null ? List.of() : Arrays.asList(capabilities),
                row.getInteger("context_window_tokens"), row.getInteger("max_output_tokens"),
                row.getBigDecimal("tool_calling_quality"), row.getBigDecimal("upstream_prompt_per_million"),
                row.getBigDecimal("upstream_cached_prompt_per_million"), row.getBigDecimal("upstream_completion_per_million"),
                row.getBigDecimal("upstream_cache_write_per_million"), quoteUnit(row.getString("quoted_per")),
                instant(row, "effective_from"), row.getString("version"), row.getString("source"));
    }

    private static PlatformFeeVersion feeVersion(Row row, String model) {
        return new PlatformFeeVersion(model, row.getString("fee_currency"), row.getBigDecimal("fee_prompt"),
                row.getBigDecimal("fee_completion"), instant(row, "fee_effective_from"), row.getString("fee_version"));
    }

    private static <T> List<T> map(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
        List<T> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(mapper.apply(row));
        }
        return result;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    private static QuoteUnit quoteUnit(String quotedPer) {
        return switch (quotedPer) {
            case "token" -> QuoteUnit.PER_TOKEN;
            case "thousand_tokens" -> QuoteUnit.PER_THOUSAND_TOKENS;
            default -> QuoteUnit.PER_MILLION_TOKENS;
        };
    }

    private static String quotedPer(QuoteUnit unit) {
        return switch (unit) {
            case PER_TOKEN -> "token";
            case PER_THOUSAND_TOKENS -> "thousand_tokens";
            case PER_MILLION_TOKENS -> "million_tokens";
        };
    }
}
