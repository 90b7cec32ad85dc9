package dev.tollgate.metering.api;

import static dev.tollgate.metering.TestTokens.asOperator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response.Status;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.PlatformFeeChangeScheduled;
import dev.tollgate.contracts.Topics;
import dev.tollgate.metering.application.PriceListImport.ImportReport;
import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TollgateServersResource;

/** The catalogue's write side on the real PostgreSQL and Kafka: importer, platform fees, exchange rates, history, topic. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class CatalogueAdministrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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
    void importRecordsOnlyChangesAsNewVersionsAndKeepsPastPrices() throws Exception {
        String sample = resource("/price-lists/sample-gateway-prices.json");

        ImportReport first = importList(sample);
        assertThat(concat(first.added(), first.unchanged())).contains("acme-chat-large", "acme-chat-mini", "brightlabs-sonnet");
        assertThat(first.skipped()).containsOnlyKeys("acme-embedding-small", "mystery-model");
        Instant beforeChange = Instant.now();
        long versionsBefore = count("select count(*) from model_price");

        ImportReport again = importList(sample);
        assertThat(again.added()).isEmpty();
        assertThat(again.changed()).isEmpty();
        assertThat(again.unchanged()).containsExactlyInAnyOrder("acme-chat-large", "acme-chat-mini", "brightlabs-sonnet");
        assertThat(count("select count(*) from model_price")).isEqualTo(versionsBefore);

        // the provider raises acme-chat-mini's output price from 6e-07 to 8e-07 per token
        Thread.sleep(5);
        ImportReport changed = importList(sample.replace("\"output_cost_per_token\": 6e-07", "\"output_cost_per_token\": 8e-07"));
        assertThat(changed.changed()).containsExactly("acme-chat-mini");
        assertThat(changed.unchanged()).containsExactlyInAnyOrder("acme-chat-large", "brightlabs-sonnet");
        assertThat(count("select count(*) from model_price")).isEqualTo(versionsBefore + 1);

        given().when().get("/prices/acme-chat-mini/history")
                .then().statusCode(Status.OK.getStatusCode())
                .body("prices.size()", is(2))
                .body("prices[0].upstreamCompletionPerMillion", is("0.6"))
                .body("prices[1].upstreamCompletionPerMillion", is("0.8"))
                .body("prices[1].source", is("import:sample"))
                .body("prices[1].quotedPer", is("per_token"));
        given().queryParam("at", beforeChange.toString()).when().get("/prices")
                .then().statusCode(Status.OK.getStatusCode())
                .body("prices.find { it.model == 'acme-chat-mini' }.upstreamCompletionPerMillion", is("0.6"))
                .body("prices.find { it.model == 'acme-chat-mini' }.currency", is("USD"))
                .body("prices.find { it.model == 'acme-chat-large' }.capabilities", hasItem("tools"))
                .body("prices.find { it.model == 'acme-chat-large' }.contextWindowTokens", is(128000))
                .body("prices.find { it.model == 'acme-chat-large' }.toolCallingQuality", is("0.9"));
    }

    @Test
    void aPriceListThatIsNotJsonIsRefusedWithAProblemAndChangesNothing() throws SQLException {
        long versionsBefore = count("select count(*) from model_price");

        asOperator().contentType(ContentType.JSON).queryParam("source", "broken").body("[1, 2, 3]")
                .when().post("/imports/price-list")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode()).contentType("application/problem+json")
                .body("status", is(400)).body("type", containsString("invalid-price-list"));

        assertThat(count("select count(*) from model_price")).isEqualTo(versionsBefore);
    }

    @Test
    void aFeeIncreaseLessThan30DaysAheadIsRefusedAndNothingIsWrittenOrAnnounced() throws SQLException {
        String model = newModel();
        long feesBefore = count("select count(*) from platform_fee");
        long outboxBefore = count("select count(*) from outbox_event");

        asOperator().contentType(ContentType.JSON)
                .body(Map.of("promptPerMillion", "0.50", "completionPerMillion", "2.00",
                        "effectiveFrom", Instant.now().plus(Duration.ofDays(29)).toString()))
                .when().post("/prices/" + model + "/platform-fee")
                .then().statusCode(Status.CONFLICT.getStatusCode()).contentType("application/problem+json")
                .body("type", containsString("platform-fee-notice"))
                .body("detail", containsString("at least 30 days ahead"));

        assertThat(count("select count(*) from platform_fee")).isEqualTo(feesBefore);
        assertThat(count("select count(*) from outbox_event")).isEqualTo(outboxBefore);
    }

    @Test
    void aFeeIncreaseScheduled31DaysAheadIsRecordedAndAnnouncedOnKafka() throws SQLException {
        String model = newModel();
        Instant effectiveFrom = Instant.now().plus(Duration.ofDays(31)).truncatedTo(ChronoUnit.SECONDS);

        asOperator().contentType(ContentType.JSON)
                .body(Map.of("promptPerMillion", "0.50", "completionPerMillion", "2.00", "effectiveFrom", effectiveFrom.toString()))
                .when().post("/prices/" + model + "/platform-fee")
                .then().statusCode(Status.CREATED.getStatusCode())
                .body("version", is(model + "-fee@" + effectiveFrom));

        EventEnvelope<PlatformFeeChangeScheduled> announced = EventCodec.decode(kafka.awaitRecord(Topics.PLATFORM_FEE_CHANGES,
                record -> record.value().contains("\"" + model + "\"")).value(), PlatformFeeChangeScheduled.class);
        assertThat(announced.accountId()).isEqualTo(PlatformFeeChangeScheduled.PLATFORM_KEY);
        assertThat(announced.payload().increase()).isTrue();
        assertThat(announced.payload().promptPerMillion()).isEqualByComparingTo("0.50");
        assertThat(announced.payload().previousPromptPerMillion()).isEqualByComparingTo("0");
        assertThat(announced.payload().effectiveFrom()).isEqualTo(effectiveFrom);
        given().when().get("/prices/" + model + "/history")
                .then().statusCode(Status.OK.getStatusCode()).body("platformFees.size()", is(1));
        // not in force yet: the catalogue now still has no fee for the model
        given().when().get("/prices").then()
                .body("prices.find { it.model == '" + model + "' }.platformFeePromptPerMillion", is("0"));
    }

    @Test
    void aFeeDecreaseAppliesAtOnce() throws SQLException {
        String model = newModel();
        execute("insert into platform_fee (model, currency, prompt_per_million, completion_per_million, effective_from, version) "
                + "values ('" + model + "', 'EUR', 1.00, 4.00, '2026-01-01T00:00:00Z', '" + model + "-fee@2026-01-01')");

        asOperator().contentType(ContentType.JSON).body(Map.of("promptPerMillion", "0.80", "completionPerMillion", "4.00"))
                .when().post("/prices/" + model + "/platform-fee")
                .then().statusCode(Status.CREATED.getStatusCode());

        given().when().get("/prices").then()
                .body("prices.find { it.model == '" + model + "' }.platformFeePromptPerMillion", is("0.80"));
        EventEnvelope<PlatformFeeChangeScheduled> announced = EventCodec.decode(kafka.awaitRecord(Topics.PLATFORM_FEE_CHANGES,
                record -> record.value().contains("\"" + model + "\"")).value(), PlatformFeeChangeScheduled.class);
        assertThat(announced.payload().increase()).isFalse();
        assertThat(announced.payload().previousPromptPerMillion()).isEqualByComparingTo("1.00");
    }

    @Test
    void aFeeForAnUnknownModelOrWithABadRateIsAProblem() {
        asOperator().contentType(ContentType.JSON).body(Map.of("promptPerMillion", "0.1", "completionPerMillion", "0.1"))
                .when().post("/prices/no-such-model/platform-fee")
                .then().statusCode(Status.NOT_FOUND.getStatusCode()).contentType("application/problem+json");
        asOperator().contentType(ContentType.JSON).body(Map.of("promptPerMillion", "-1", "completionPerMillion", "0.1"))
                .when().post("/prices/sim-budget/platform-fee")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode()).contentType("application/problem+json");
        asOperator().contentType(ContentType.JSON).body(Map.of("promptPerMillion", "0.1e", "completionPerMillion", "0.1"))
                .when().post("/prices/sim-budget/platform-fee")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode()).contentType("application/problem+json");
    }

    @Test
    void exchangeRatesAreVersionedAndNeverRecordedInThePast() {
        Instant from = Instant.now().plus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);

        asOperator().contentType(ContentType.JSON)
                .body(Map.of("baseCurrency", "GBP", "quoteCurrency", "EUR", "rate", "1.17", "effectiveFrom", from.toString()))
                .when().post("/exchange-rates")
                .then().statusCode(Status.CREATED.getStatusCode()).body("version", is("GBP-EUR@" + from));
        given().queryParam("at", from.toString()).when().get("/exchange-rates/GBP/EUR")
                .then().statusCode(Status.OK.getStatusCode()).body("rate", is("1.17"));
        given().when().get("/exchange-rates/GBP/EUR")
                .then().statusCode(Status.NOT_FOUND.getStatusCode()).contentType("application/problem+json");

        asOperator().contentType(ContentType.JSON)
                .body(Map.of("baseCurrency", "GBP", "quoteCurrency", "EUR", "rate", "1.10", "effectiveFrom", "2026-01-01T00:00:00Z"))
                .when().post("/exchange-rates")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode()).contentType("application/problem+json");
        asOperator().contentType(ContentType.JSON).body(Map.of("baseCurrency", "EUR", "quoteCurrency", "EUR", "rate", "1"))
                .when().post("/exchange-rates")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode());
        asOperator().contentType(ContentType.JSON).body(Map.of("baseCurrency", "usd", "quoteCurrency", "EUR", "rate", "1"))
                .when().post("/exchange-rates")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode());
    }

    @Test
    void historyOfAnUnknownModelIsANotFoundProblem() {
        given().when().get("/prices/no-such-model/history")
                .then().statusCode(Status.NOT_FOUND.getStatusCode()).contentType("application/problem+json")
                .body("status", is(404));
    }

    @Test
    void theCatalogueIsPublishedOnACompactedTopicKeyedByModel() throws Exception {
        JsonNode entry = JSON.readTree(kafka.awaitRecord(Topics.PRICE_CATALOGUE, record -> "sim-standard".equals(record.key())).value());

        assertThat(entry.get("model").asText()).isEqualTo("sim-standard");
        assertThat(entry.get("tier").asText()).isEqualTo("standard");
        assertThat(entry.get("upstreamCompletionPerMillion").asText()).isEqualTo("10.00");
        assertThat(entry.get("platformFeeCompletionPerMillion").asText()).isEqualTo("1.00");
        assertThat(entry.get("maxOutputTokens").asInt()).isEqualTo(16384);
        assertThat(entry.get("priceVersion").asText()).isEqualTo("sim-standard@2026-01-01+sim-standard-fee@2026-01-01");
        assertThat(entry.get("exchangeRate").asText()).isEqualTo("1");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PRICE_CATALOGUE);
            Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    private ImportReport importList(String json) {
        return asOperator().contentType(ContentType.JSON).queryParam("source", "sample").body(json)
                .when().post("/imports/price-list")
                .then().statusCode(Status.OK.getStatusCode())
                .extract().as(ImportReport.class);
    }

    /** A model of its own (in EUR, no fee yet), so fee tests do not disturb other tests' prices. */
    private String newModel() throws SQLException {
        String model = "fee-test-" + UUID.randomUUID();
        execute("""
                insert into model_price (model, provider, currency, tier,
                    upstream_prompt_per_million, upstream_cached_prompt_per_million, upstream_completion_per_million,
                    platform_fee_prompt_per_million, platform_fee_completion_per_million, effective_from, version)
                values ('%s', 'simulator', 'EUR', 'light', 1, 0.5, 2, 0, 0, '2026-01-01T00:00:00Z', '%s@2026-01-01')"""
                .formatted(model, model));
        return model;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = CatalogueAdministrationTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "metering", "metering");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "metering", "metering");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
