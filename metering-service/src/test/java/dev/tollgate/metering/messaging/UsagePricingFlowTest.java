package dev.tollgate.metering.messaging;

import static dev.tollgate.metering.UsageEvents.newAccountId;
import static dev.tollgate.metering.UsageEvents.usage;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TollgateServersResource;

/** The whole flow on a real broker and a real PostgreSQL: UsageRecorded in, UsagePriced (or a dead letter) out. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class UsagePricingFlowTest {

    private static final Instant IN_2026 = Instant.parse("2026-11-23T10:15:30.123Z");

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void usageIsPricedExactlyAndKeyedByAccount() {
        String account = newAccountId();
        EventEnvelope<UsageRecorded> usage = usage(account, "sim-budget", RoutingMode.AUTO, IN_2026, 1_234, 234, 567);

        send(usage);
        ConsumerRecord<String, String> record = awaitPriced(usage);

        // sim-budget@2026-01-01, per million tokens: upstream 0.10 / cached 0.05 / completion 0.40, fee 0.02 / 0.08
        //   uncached prompt 1,000 x 0.10 = 0.0001     fee 1,000 x 0.02 = 0.00002
        //   cached prompt     234 x 0.05 = 0.0000117  fee   234 x 0.02 = 0.00000468
        //   completion        567 x 0.40 = 0.0002268  fee   567 x 0.08 = 0.00004536
        //   upstream 0.0003385 + fees 0.00007004 + auto margin 10% of upstream 0.00003385 = 0.00044239 EUR
        //   rounded once, half up, to micro-units: 442 micros
        EventEnvelope<UsagePriced> priced = EventCodec.decode(record.value(), UsagePriced.class);
        assertThat(record.key()).isEqualTo(account);
        assertThat(priced.accountId()).isEqualTo(account);
        assertThat(priced.payload().breakdown().exactTotal()).isEqualByComparingTo("0.00044239");
        assertThat(priced.payload().breakdown().total()).isEqualTo(Money.ofMicros(442, "EUR"));
        assertThat(priced.payload().breakdown().priceVersion()).isEqualTo("sim-budget@2026-01-01+sim-budget-fee@2026-01-01");
        assertThat(priced.eventId()).isEqualTo(UUID.nameUUIDFromBytes(("UsagePriced:" + usage.eventId()).getBytes(UTF_8)));
        assertThat(priced.correlationId()).isEqualTo(usage.correlationId());
    }

    @Test
    void sameUsageDeliveredTwiceYieldsTheSameEventId() {
        EventEnvelope<UsageRecorded> usage = usage(newAccountId(), "sim-light", RoutingMode.TIER, IN_2026, 100, 0, 100);

        send(usage);
        send(usage);
        List<ConsumerRecord<String, String>> records =
                kafka.awaitRecords(Topics.USAGE_PRICED, record -> causedBy(record, usage), 2);

        // two records (at least once), one event: the ledger applies an event id once
        assertThat(records).extracting(record -> EventCodec.decode(record.value()).eventId()).containsOnly(
                EventCodec.decode(records.get(0).value()).eventId());
        assertThat(records.get(0).value()).isEqualTo(records.get(1).value());
    }

    @Test
    void usageIsPricedAtThePriceInForceWhenTheRequestWasMade() throws SQLException {
        // a later version of sim-premium, twice as expensive, in force from 2099 (so no other test sees it)
        execute("""
                insert into model_price (model, provider, currency, tier,
                    upstream_prompt_per_million, upstream_cached_prompt_per_million, upstream_completion_per_million,
                    platform_fee_prompt_per_million, platform_fee_completion_per_million, effective_from, version)
                values ('sim-premium', 'simulator', 'EUR', 'premium', 30.00, 15.00, 120.00, 3.00, 12.00,
                        '2099-01-01T00:00:00Z', 'sim-premium@2099-01-01')
                on conflict do nothing""");
        // fees have their own versions; this one doubles too, from the same instant
        execute("""
                insert into platform_fee (model, currency, prompt_per_million, completion_per_million, effective_from, version)
                values ('sim-premium', 'EUR', 3.00, 12.00, '2099-01-01T00:00:00Z', 'sim-premium-fee@2099-01-01')
                on conflict do nothing""");
        String account = newAccountId();
        EventEnvelope<UsageRecorded> before = usage(account, "sim-premium", RoutingMode.MODEL,
                Instant.parse("2098-12-31T23:59:59.999Z"), 1_000, 0, 1_000);
        EventEnvelope<UsageRecorded> from = usage(account, "sim-premium", RoutingMode.MODEL,
                Instant.parse("2099-01-01T00:00:00Z"), 1_000, 0, 1_000);

        send(before);
        send(from);
        UsagePriced pricedBefore = EventCodec.decode(awaitPriced(before).value(), UsagePriced.class).payload();
        UsagePriced pricedFrom = EventCodec.decode(awaitPriced(from).value(), UsagePriced.class).payload();

        // model named by the client: no margin. 1,000 prompt + 1,000 completion tokens
        //   2026 prices: 1,000 x (15.00 + 1.50) + 1,000 x (60.00 + 6.00)   per million = 0.0825 EUR =  82,500 micros
        //   2099 prices: 1,000 x (30.00 + 3.00) + 1,000 x (120.00 + 12.00) per million = 0.165 EUR  = 165,000 micros
        assertThat(pricedBefore.breakdown().priceVersion()).isEqualTo("sim-premium@2026-01-01+sim-premium-fee@2026-01-01");
        assertThat(pricedBefore.breakdown().total()).isEqualTo(Money.ofMicros(82_500, "EUR"));
        assertThat(pricedFrom.breakdown().priceVersion()).isEqualTo("sim-premium@2099-01-01+sim-premium-fee@2099-01-01");
        assertThat(pricedFrom.breakdown().total()).isEqualTo(Money.ofMicros(165_000, "EUR"));
    }

    @Test
    void aUsdPricedModelIsConvertedAtTheRateInForceAtTheRequestAndTheRateIsRecorded() throws SQLException {
        execute("""
                insert into model_price (model, provider, currency, tier,
                    upstream_prompt_per_million, upstream_cached_prompt_per_million, upstream_completion_per_million,
                    platform_fee_prompt_per_million, platform_fee_completion_per_million, effective_from, version)
                values ('usd-flow-model', 'acme', 'USD', 'standard', 2.50, 1.25, 10.00, 0, 0,
                        '2026-01-01T00:00:00Z', 'usd-flow-model@2026-01-01')
                on conflict do nothing""");
        execute("""
                insert into exchange_rate (base_currency, quote_currency, rate, effective_from, version)
                values ('USD', 'EUR', 0.80, '2098-01-01T00:00:00Z', 'USD-EUR@2098-01-01') on conflict do nothing""");
        String account = newAccountId();
        EventEnvelope<UsageRecorded> in2026 = usage(account, "usd-flow-model", RoutingMode.MODEL, IN_2026, 1_000, 0, 1_000);
        EventEnvelope<UsageRecorded> in2098 = usage(account, "usd-flow-model", RoutingMode.MODEL,
                Instant.parse("2098-06-01T00:00:00Z"), 1_000, 0, 1_000);

        send(in2026);
        send(in2098);
        UsagePriced priced2026 = EventCodec.decode(awaitPriced(in2026).value(), UsagePriced.class).payload();
        UsagePriced priced2098 = EventCodec.decode(awaitPriced(in2098).value(), UsagePriced.class).payload();

        // no fee version for this model: upstream only. 1,000 x 2.50 + 1,000 x 10.00 per million = 0.0125 USD
        //   at the seeded 0.92 (2026): 0.0115 EUR = 11,500 micros; at 0.80 (from 2098): 0.01 EUR = 10,000 micros
        assertThat(priced2026.breakdown().total()).isEqualTo(Money.ofMicros(11_500, "EUR"));
        assertThat(priced2026.breakdown().priceCurrency()).isEqualTo("USD");
        assertThat(priced2026.breakdown().exchangeRate()).isEqualByComparingTo("0.92");
        assertThat(priced2026.breakdown().exchangeRateVersion()).isEqualTo("USD-EUR@2026-01-01");
        assertThat(priced2026.breakdown().priceVersion()).isEqualTo("usd-flow-model@2026-01-01");
        assertThat(priced2098.breakdown().total()).isEqualTo(Money.ofMicros(10_000, "EUR"));
        assertThat(priced2098.breakdown().exchangeRateVersion()).isEqualTo("USD-EUR@2098-01-01");
    }

    @Test
    void usageOfAnUnknownModelIsDeadLetteredAndTheNextUsageIsStillPriced() {
        String account = newAccountId();
        EventEnvelope<UsageRecorded> unknown = usage(account, "no-such-model", RoutingMode.MODEL, IN_2026, 10, 0, 10);
        EventEnvelope<UsageRecorded> next = usage(account, "sim-budget", RoutingMode.AUTO, IN_2026, 10, 0, 10);

        send(unknown);
        send(next);

        ConsumerRecord<String, String> deadLetter = kafka.awaitRecord(Channels.USAGE_RECORDED_DEAD_LETTER_TOPIC,
                record -> account.equals(record.key()));
        assertThat(EventCodec.decode(deadLetter.value()).eventId()).isEqualTo(unknown.eventId());
        assertThat(header(deadLetter, "dead-letter-reason")).contains("no price in force for model 'no-such-model'");
        awaitPriced(next);
        assertThat(kafka.recordsWithin(Topics.USAGE_PRICED, record -> causedBy(record, unknown), Duration.ofSeconds(1)))
                .isEmpty();
    }

    @Test
    void undecodableRecordIsDeadLettered() {
        String key = newAccountId();

        kafka.send(Topics.USAGE_RECORDED, key, "{\"type\":\"UsageRecorded\",\"schemaVersion\":1,\"payload\":");

        ConsumerRecord<String, String> deadLetter = kafka.awaitRecord(Channels.USAGE_RECORDED_DEAD_LETTER_TOPIC,
                record -> key.equals(record.key()));
        assertThat(deadLetter.value()).startsWith("{\"type\":\"UsageRecorded\"");
    }

    @Test
    void usageArrivingWhileTheCatalogueIsUnreachableIsRetriedNotDeadLettered() throws SQLException {
        String account = newAccountId();
        EventEnvelope<UsageRecorded> usage = usage(account, "sim-standard", RoutingMode.AUTO, IN_2026, 100, 0, 100);

        // every batch first checks the catalogue's revision in the database: with that table missing, every attempt fails
        execute("alter table catalogue_revision rename to catalogue_revision_away");
        try {
            send(usage);
            // nothing is priced (from a cached copy that could be stale) and nothing is dead-lettered
            assertThat(kafka.recordsWithin(Topics.USAGE_PRICED, record -> account.equals(record.key()), Duration.ofSeconds(2))).isEmpty();
            assertThat(kafka.recordsWithin(Channels.USAGE_RECORDED_DEAD_LETTER_TOPIC,
                    record -> account.equals(record.key()), Duration.ofMillis(200))).isEmpty();
        } finally {
            execute("alter table catalogue_revision_away rename to catalogue_revision");
        }

        EventEnvelope<UsagePriced> priced = EventCodec.decode(awaitPriced(usage).value(), UsagePriced.class);
        assertThat(priced.payload().breakdown().priceVersion()).isEqualTo("sim-standard@2026-01-01+sim-standard-fee@2026-01-01");
    }

    private void send(EventEnvelope<UsageRecorded> usage) {
        kafka.send(Topics.USAGE_RECORDED, usage.accountId(), EventCodec.encode(usage));
    }

    private ConsumerRecord<String, String> awaitPriced(EventEnvelope<UsageRecorded> usage) {
        return kafka.awaitRecord(Topics.USAGE_PRICED, record -> causedBy(record, usage));
    }

    private static boolean causedBy(ConsumerRecord<String, String> record, EventEnvelope<UsageRecorded> usage) {
        return usage.eventId().toString().equals(EventCodec.decode(record.value()).causationId());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "metering", "metering");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
