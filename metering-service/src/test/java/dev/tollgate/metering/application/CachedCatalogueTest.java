package dev.tollgate.metering.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.tollgate.metering.domain.CatalogueVersions;
import dev.tollgate.metering.domain.PriceInForce;
import dev.tollgate.metering.persistence.CatalogueStore;
import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.testing.TollgateServersResource;

/**
 * The catalogue in memory against the real PostgreSQL: it answers "in force at T" exactly as the SQL does, and a
 * change written by any means (here plain SQL, with an effective time in the past) is seen by the next use.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class CachedCatalogueTest {

    @Inject
    CachedCatalogue cached;

    @Inject
    CatalogueStore store;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void versionsInMemoryAnswerExactlyAsTheCatalogueQueryAtEveryBoundary() throws SQLException {
        String model = "cache-test-" + UUID.randomUUID();
        Random random = new Random(42);
        Instant base = Instant.parse("2026-05-01T00:00:00Z");
        List<Instant> boundaries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant from = base.plus(Duration.ofHours(random.nextInt(24 * 90))).plus(random.nextInt(1_000_000), ChronoUnit.MICROS);
            insertPrice(model, from, "1." + i);
            boundaries.add(from);
        }
        for (int i = 0; i < 5; i++) {
            // fees before the first price, in between, and scheduled long after the last one
            Instant from = base.minus(Duration.ofDays(30)).plus(Duration.ofHours(random.nextInt(24 * 400)))
                    .plus(random.nextInt(1_000_000), ChronoUnit.MICROS);
            insertFee(model, from, "0.0" + i);
            boundaries.add(from);
        }
        CatalogueVersions versions = cached.current().await().indefinitely();

        List<Instant> instants = new ArrayList<>();
        for (Instant boundary : boundaries) {
            instants.addAll(List.of(boundary.minus(1, ChronoUnit.MICROS), boundary.minusNanos(1), boundary, boundary.plusNanos(1),
                    boundary.plus(1, ChronoUnit.MICROS)));
        }
        for (int i = 0; i < 50; i++) {
            instants.add(base.minus(Duration.ofDays(40)).plus(Duration.ofMinutes(random.nextInt(60 * 24 * 500))));
        }
        for (Instant at : instants) {
            Optional<PriceInForce> bySql = store.priceInForce(model, at).await().indefinitely();
            Optional<PriceInForce> inMemory = versions.priceInForce(model, at);
            assertThat(inMemory.map(PriceInForce::versionId)).as("versions in force at %s", at).isEqualTo(bySql.map(PriceInForce::versionId));
        }
        assertThat(instants.stream().filter(at -> versions.priceInForce(model, at).isPresent()).count())
                .as("the instants cover times with and without a price").isBetween(1L, (long) instants.size() - 1);
    }

    @Test
    void aVersionWrittenAfterLoadingIsSeenByTheNextUseEvenWithAPastEffectiveTime() throws SQLException {
        String model = "cache-test-" + UUID.randomUUID();
        Instant january = Instant.parse("2026-01-01T00:00:00Z");
        Instant june = Instant.parse("2026-06-01T00:00:00Z");
        insertPrice(model, january, "1.00");
        assertThat(cached.current().await().indefinitely().priceInForce(model, june).orElseThrow().price().version())
                .isEqualTo(model + "@" + january);

        insertPrice(model, june, "2.00");
        insertRate("XTS", "EUR", june, "0.5");

        CatalogueVersions afterwards = cached.current().await().indefinitely();
        assertThat(afterwards.priceInForce(model, june).orElseThrow().price().version()).isEqualTo(model + "@" + june);
        assertThat(afterwards.priceInForce(model, june.minusNanos(1)).orElseThrow().price().version()).isEqualTo(model + "@" + january);
        assertThat(afterwards.exchangeRateInForce("XTS", "EUR", june).map(ExchangeRate::rate)).hasValueSatisfying(
                rate -> assertThat(rate).isEqualByComparingTo("0.5"));
    }

    @Test
    void aWithdrawnScheduledVersionIsGoneAtTheNextUse() throws SQLException {
        String model = "cache-test-" + UUID.randomUUID();
        Instant january = Instant.parse("2026-01-01T00:00:00Z");
        Instant later = Instant.now().plus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS);
        insertPrice(model, january, "1.00");
        insertPrice(model, later, "3.00");
        assertThat(cached.current().await().indefinitely().priceInForce(model, later).orElseThrow().price().version())
                .isEqualTo(model + "@" + later);

        execute("delete from model_price where version = '" + model + "@" + later + "'");

        assertThat(cached.current().await().indefinitely().priceInForce(model, later).orElseThrow().price().version())
                .isEqualTo(model + "@" + january);
    }

    @Test
    void theCatalogueIsLoadedAgainOnlyWhenItChanged() {
        CatalogueVersions first = cached.current().await().indefinitely();
        CatalogueVersions second = cached.current().await().indefinitely();

        assertThat(second).isSameAs(first);
    }

    private void insertPrice(String model, Instant from, String rate) throws SQLException {
        execute("""
                insert into model_price (model, provider, currency, tier,
                    upstream_prompt_per_million, upstream_cached_prompt_per_million, upstream_completion_per_million,
                    platform_fee_prompt_per_million, platform_fee_completion_per_million, effective_from, version)
                values ('%s', 'simulator', 'EUR', 'light', %s, %s, %s, 0, 0, '%s', '%s@%s')"""
                .formatted(model, rate, rate, rate, from, model, from));
    }

    private void insertFee(String model, Instant from, String rate) throws SQLException {
        execute("""
                insert into platform_fee (model, currency, prompt_per_million, completion_per_million, effective_from, version)
                values ('%s', 'EUR', %s, %s, '%s', '%s-fee@%s')""".formatted(model, rate, rate, from, model, from));
    }

    private void insertRate(String base, String quote, Instant from, String rate) throws SQLException {
        execute("""
                insert into exchange_rate (base_currency, quote_currency, rate, effective_from, version)
                values ('%s', '%s', %s, '%s', '%s-%s@%s-%s')""".formatted(base, quote, rate, from, base, quote, from, UUID.randomUUID()));
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "metering", "metering");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
