package dev.tollgate.ledger.finance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.ledger.books.BookAccount;
import dev.tollgate.ledger.books.Bookkeeper;
import dev.tollgate.ledger.books.JournalEntry;
import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Books, statements, "as of" balances, finance reports and exports, adjustments, the projection
 * rebuild and the balances topic, against a real Kafka and a real PostgreSQL.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class FinanceFlowTest {

    private static final String FINANCE = "Bearer finance-test-token";
    /** This token's role is account:acct_customer (see application.properties, test profile). */
    private static final String CUSTOMER = "Bearer customer-test-token";
    private static final String CUSTOMER_ACCOUNT = "acct_customer";
    private static final Instant PURCHASED_AT = Instant.parse("2026-01-10T10:00:00Z");
    private static final Instant FIRST_USE_AT = Instant.parse("2026-01-15T12:00:00Z");
    private static final Instant SECOND_USE_AT = Instant.parse("2026-02-03T08:30:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private KafkaTestClient kafka;

    @BeforeEach
    void connect() throws Exception {
        kafka = new KafkaTestClient(bootstrapServers);
        customerAccountHasAPurchaseAndTwoCharges();
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    /** 20 EUR credited (+0.30 fee, +4.06 FR VAT), then charges of 1,124 µ (January) and 13,000 µ (February). Once per JVM. */
    private void customerAccountHasAPurchaseAndTwoCharges() throws Exception {
        if (balanceOf(CUSTOMER_ACCOUNT) != null) {
            return;
        }
        send(Topics.PAYMENTS_EVENTS, EventEnvelope.wrap(UUID.randomUUID(), CUSTOMER_ACCOUNT, PURCHASED_AT, null, "corr",
                new CreditsPurchased("pay_customer", "stripe", "pi_1", eur(20_000_000), eur(300_000), eur(4_060_000),
                        eur(24_360_000), "FR")));
        awaitBalance(CUSTOMER_ACCOUNT, 20_000_000);
        send(Topics.USAGE_PRICED, usage(CUSTOMER_ACCOUNT, "req_jan", FIRST_USE_AT, "0.0008005", "0.0002", "0.000123", 1_124));
        send(Topics.USAGE_PRICED, usage(CUSTOMER_ACCOUNT, "req_feb", SECOND_USE_AT, "0.01", "0.002", "0.001", 13_000));
        awaitBalance(CUSTOMER_ACCOUNT, 20_000_000 - 1_124 - 13_000);
    }

    @Test
    void everyEntryOfTheWholeLogIsBalancedAndLiabilityEqualsEveryBalance() throws Exception {
        long debits = 0;
        long credits = 0;
        Map<String, Long> liability = new HashMap<>();
        int entries = 0;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet log = statement.executeQuery("select envelope::text from ledger_event order by account_id, sequence")) {
            while (log.next()) {
                EventEnvelope<LedgerEvent> envelope = EventCodec.decode(log.getString(1), LedgerEvent.class);
                JournalEntry journal = Bookkeeper.journalFor(envelope.accountId(), envelope.payload());
                assertThat(journal.isBalanced()).as(envelope.type() + " " + envelope.eventId()).isTrue();
                debits += journal.debitsMicros();
                credits += journal.creditsMicros();
                liability.merge(envelope.accountId(), journal.creditMinusDebitMicros(BookAccount.customerCredit(envelope.accountId())), Long::sum);
                entries++;
            }
        }
        assertThat(entries).isGreaterThanOrEqualTo(4);
        assertThat(debits).isPositive().isEqualTo(credits);
        Map<String, Long> balances = queryMap("select account_id, balance_micros from account_balance");
        assertThat(liability).isEqualTo(balances);
    }

    @Test
    void customerReadsTheirStatementWithOpeningEntriesBreakdownAndClosing() {
        given().header("Authorization", CUSTOMER).queryParam("from", "2026-01-12").queryParam("to", "2026-03-01")
                .get("/finance/accounts/{id}/statement", CUSTOMER_ACCOUNT).then().statusCode(200)
                .body("openingBalanceMicros", equalTo(20_000_000))
                .body("entries.size()", equalTo(2))
                .body("entries[0].requestId", equalTo("req_jan"))
                .body("entries[0].upstreamCostMicros", equalTo(801))
                .body("entries[0].platformFeeMicros", equalTo(200))
                .body("entries[0].marginMicros", equalTo(123))
                .body("entries[0].breakdown.upstreamCost", equalTo("0.0008005"))
                .body("entries[0].provider", equalTo("simulator"))
                .body("entries[0].tier", equalTo("premium"))
                .body("debitsMicros", equalTo(14_124))
                .body("closingBalanceMicros", equalTo(20_000_000 - 14_124));
    }

    @Test
    void statementCsvAddsUpToTheClosingBalance() throws IOException {
        String csv = given().header("Authorization", CUSTOMER).queryParam("from", "2026-01-01").queryParam("to", "2026-03-01")
                .queryParam("format", "csv").get("/finance/accounts/{id}/statement", CUSTOMER_ACCOUNT)
                .then().statusCode(200).contentType("text/csv").extract().asString();
        JsonNode statement = json(given().header("Authorization", CUSTOMER).queryParam("from", "2026-01-01").queryParam("to", "2026-03-01")
                .get("/finance/accounts/{id}/statement", CUSTOMER_ACCOUNT).then().statusCode(200).extract().asString());

        List<Map<String, String>> rows = csvRows(csv);
        assertThat(rows).hasSize(statement.get("entries").size()).hasSizeGreaterThanOrEqualTo(3);
        long sum = rows.stream().mapToLong(row -> Long.parseLong(row.get("amountMicros"))).sum();
        assertThat(statement.get("openingBalanceMicros").asLong() + sum).isEqualTo(statement.get("closingBalanceMicros").asLong());
    }

    @Test
    void balanceAsOfAnyPastInstantComesFromTheLog() {
        balanceAsOf("2026-01-10T09:59:59Z", 0);
        balanceAsOf("2026-01-10T10:00:00Z", 20_000_000);
        balanceAsOf("2026-01-31", 20_000_000 - 1_124);
        balanceAsOf("2026-02-04", 20_000_000 - 1_124 - 13_000);
    }

    @Test
    void dailySummariesCloseEachDayWithItsBalance() {
        given().header("Authorization", FINANCE).queryParam("from", "2026-01-01").queryParam("to", "2026-03-01")
                .get("/finance/accounts/{id}/daily-summaries", CUSTOMER_ACCOUNT).then().statusCode(200)
                .body("size()", equalTo(3))
                .body("[0].day", equalTo("2026-01-10"))
                .body("[0].creditsMicros", equalTo(20_000_000))
                .body("[1].debitsMicros", equalTo(1_124))
                .body("[2].closingBalanceMicros", equalTo(20_000_000 - 14_124));
    }

    @Test
    void customersSeeOnlyTheirOwnAccountAndReportsNeedFinance() {
        given().header("Authorization", CUSTOMER).get("/finance/accounts/acct_seeded/balance").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", CUSTOMER).get("/finance/liability").then().statusCode(403);
        given().get("/finance/accounts/{id}/balance", CUSTOMER_ACCOUNT).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
        given().header("Authorization", "Bearer not-a-token").get("/finance/liability").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", FINANCE).get("/finance/accounts/acct_seeded/balance").then().statusCode(200);
    }

    @Test
    void badParametersAreProblemsNotAnswers() {
        given().header("Authorization", FINANCE).queryParam("from", "yesterday").queryParam("to", "2026-03-01")
                .get("/finance/revenue").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("from must be an ISO-8601 instant or date, was yesterday"));
        given().header("Authorization", FINANCE).queryParam("from", "2026-03-01").queryParam("to", "2026-01-01")
                .get("/finance/vat").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", FINANCE).get("/finance/accounts/acct_nobody/statement?from=2026-01-01&to=2026-02-01")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void revenueJsonCsvAndTheLogReconcileToTheMicroUnit() throws Exception {
        JsonNode report = json(given().header("Authorization", FINANCE).queryParam("from", "2026-01-01").queryParam("to", "2026-03-01")
                .get("/finance/revenue").then().statusCode(200).extract().asString());
        List<Map<String, String>> csv = csvRows(given().header("Authorization", FINANCE).queryParam("from", "2026-01-01")
                .queryParam("to", "2026-03-01").queryParam("format", "csv").get("/finance/revenue").then().statusCode(200).extract().asString());

        JsonNode totals = report.get("totals");
        assertThat(csv).hasSize(report.get("rows").size());
        for (String column : List.of("requests", "upstreamCostMicros", "platformFeeMicros", "marginMicros", "totalMicros")) {
            assertThat(csv.stream().mapToLong(row -> Long.parseLong(row.get(column))).sum()).as(column).isEqualTo(totals.get(column).asLong());
        }
        assertThat(totals.get("upstreamCostMicros").asLong() + totals.get("platformFeeMicros").asLong() + totals.get("marginMicros").asLong())
                .isEqualTo(totals.get("totalMicros").asLong());
        assertThat(totals.get("totalMicros").asLong()).as("what the log debited for usage in the period")
                .isEqualTo(queryLong("select -coalesce(sum(amount_micros), 0) from ledger_event where type = 'UsageCharged'"
                        + " and occurred_at >= '2026-01-01' and occurred_at < '2026-03-01'"))
                .isGreaterThanOrEqualTo(14_124);
        assertThat(csv).anySatisfy(row -> {
            assertThat(row.get("period")).isEqualTo("2026-02");
            assertThat(row.get("provider")).isEqualTo("simulator");
            assertThat(row.get("tier")).isEqualTo("premium");
            assertThat(row.get("totalMicros")).isEqualTo("13000");
        });
    }

    @Test
    void vatByCountryReconcilesWithItsCsv() throws Exception {
        JsonNode report = json(given().header("Authorization", FINANCE).queryParam("from", "2026-01-01").queryParam("to", "2026-02-01")
                .queryParam("period", "day").get("/finance/vat").then().statusCode(200).extract().asString());
        List<Map<String, String>> csv = csvRows(given().header("Authorization", FINANCE).queryParam("from", "2026-01-01")
                .queryParam("to", "2026-02-01").queryParam("period", "day").queryParam("format", "csv").get("/finance/vat")
                .then().statusCode(200).extract().asString());

        assertThat(csv).anySatisfy(row -> {
            assertThat(row.get("period")).isEqualTo("2026-01-10");
            assertThat(row.get("country")).isEqualTo("FR");
            assertThat(row.get("vatMicros")).isEqualTo("4060000");
        });
        for (String column : List.of("payments", "creditedMicros", "processingFeeMicros", "vatMicros", "grossMicros")) {
            assertThat(csv.stream().mapToLong(row -> Long.parseLong(row.get(column))).sum()).as(column)
                    .isEqualTo(report.get("totals").get(column).asLong());
        }
    }

    @Test
    void liabilityAsOfNowIsEveryPositiveBalance() throws Exception {
        JsonNode liability = json(given().header("Authorization", FINANCE).get("/finance/liability").then().statusCode(200).extract().asString());

        assertThat(liability.get("liabilityMicros").asLong())
                .isEqualTo(queryLong("select coalesce(sum(balance_micros), 0) from account_balance where balance_micros > 0"))
                .isGreaterThanOrEqualTo(20_000_000 - 14_124);
        given().header("Authorization", FINANCE).queryParam("asOf", "2000-01-01").get("/finance/liability").then().statusCode(200)
                .body("liabilityMicros", equalTo(0)).body("accounts", equalTo(0));
    }

    @Test
    void trialBalanceHasEqualDebitsAndCreditsAndCustomerCreditIsEveryBalance() throws Exception {
        JsonNode books = json(given().header("Authorization", FINANCE).get("/finance/trial-balance").then().statusCode(200)
                .extract().asString());
        Map<String, Long> byAccount = new HashMap<>();
        books.get("accounts").forEach(line -> byAccount.put(line.get("account").asText(), line.get("creditMinusDebitMicros").asLong()));

        assertThat(books.get("debitsMicros").asLong()).isPositive().isEqualTo(books.get("creditsMicros").asLong());
        assertThat(byAccount.values().stream().mapToLong(Long::longValue).sum()).as("credits minus debits over all accounts").isZero();
        assertThat(byAccount.get("liability:customer-credit")).isEqualTo(queryLong("select sum(balance_micros) from account_balance"));
        assertThat(byAccount.get("liability:vat-payable:FR")).isGreaterThanOrEqualTo(4_060_000);
        given().header("Authorization", FINANCE).queryParam("asOf", "2000-01-01").get("/finance/trial-balance").then().statusCode(200)
                .body("accounts.size()", equalTo(0)).body("debitsMicros", equalTo(0));
        given().header("Authorization", CUSTOMER).get("/finance/trial-balance").then().statusCode(403);
    }

    @Test
    void rebuildReproducesEveryBalanceAndRepairsATamperedProjection() throws Exception {
        Map<String, Long> before = queryMap("select account_id, balance_micros from account_balance");
        given().header("Authorization", FINANCE).post("/finance/projections/rebuild").then().statusCode(200)
                .body("matches", equalTo(true)).body("differingAccounts.size()", equalTo(0)).body("logInconsistencies.size()", equalTo(0));

        execute("update account_balance set balance_micros = balance_micros + 1 where account_id = '" + CUSTOMER_ACCOUNT + "'");
        given().header("Authorization", FINANCE).post("/finance/projections/rebuild").then().statusCode(200)
                .body("matches", equalTo(false)).body("differingAccounts", equalTo(List.of(CUSTOMER_ACCOUNT)));

        Map<String, Long> after = queryMap("select account_id, balance_micros from account_balance");
        assertThat(after).containsAllEntriesOf(before.entrySet().stream().filter(entry -> balanceUnchangedSince(entry.getKey()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(after.get(CUSTOMER_ACCOUNT)).isEqualTo(20_000_000 - 14_124);
        given().header("Authorization", CUSTOMER).post("/finance/projections/rebuild").then().statusCode(403);
    }

    @Test
    void balancesTopicIsCompactedAndCarriesTheBalanceAfterEachEntry() throws Exception {
        long lastSequence = queryLong("select max(sequence) from ledger_event where account_id = '" + CUSTOMER_ACCOUNT + "'");
        var record = kafka.awaitRecord(Topics.LEDGER_BALANCES,
                candidate -> CUSTOMER_ACCOUNT.equals(candidate.key()) && candidate.value().contains("\"lastSequence\":" + lastSequence));
        JsonNode balance = json(record.value());

        assertThat(balance.get("accountId").asText()).isEqualTo(CUSTOMER_ACCOUNT);
        assertThat(balance.get("balance").get("amountMicros").asLong()).isEqualTo(balanceOf(CUSTOMER_ACCOUNT));
        assertThat(balance.get("available").get("amountMicros").asLong()).isEqualTo(balance.get("balance").get("amountMicros").asLong());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.LEDGER_BALANCES);
            String policy = admin.describeConfigs(List.of(topic)).all().get().get(topic).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void availableOnTheBalancesTopicSubtractsOpenHolds() throws Exception {
        String account = "acct_held_" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.PAYMENTS_EVENTS, EventEnvelope.wrap(UUID.randomUUID(), account, Instant.now(), null, "corr",
                new CreditsPurchased("pay_" + account, "stripe", "pi_3", eur(1_000_000), eur(0), eur(0), eur(1_000_000), null)));
        awaitBalance(account, 1_000_000);
        given().contentType("application/json")
                .body("{\"accountId\":\"" + account + "\",\"holdId\":\"hold_" + account + "\",\"amountMicros\":300000,"
                        + "\"currency\":\"EUR\",\"requestId\":\"req_" + account + "\",\"expiresInSeconds\":300}")
                .post("/internal/holds").then().statusCode(201);
        long holdSequence = queryLong("select max(sequence) from ledger_event where account_id = '" + account + "'");

        var record = kafka.awaitRecord(Topics.LEDGER_BALANCES,
                candidate -> account.equals(candidate.key()) && candidate.value().contains("\"lastSequence\":" + holdSequence));
        JsonNode balance = json(record.value());

        assertThat(balance.get("balance").get("amountMicros").asLong()).isEqualTo(1_000_000);
        assertThat(balance.get("available").get("amountMicros").asLong()).isEqualTo(700_000);
    }

    private boolean balanceUnchangedSince(String account) {
        return !account.equals(CUSTOMER_ACCOUNT);
    }

    private void balanceAsOf(String asOf, long expectedMicros) {
        given().header("Authorization", CUSTOMER).queryParam("asOf", asOf).get("/finance/accounts/{id}/balance", CUSTOMER_ACCOUNT)
                .then().statusCode(200).body("balanceMicros", equalTo((int) expectedMicros));
    }

    private void awaitBalance(String account, long expectedMicros) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Long seen = null;
        while (System.nanoTime() < deadline) {
            seen = balanceOf(account);
            if (seen != null && seen == expectedMicros) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("balance of " + account).isEqualTo(expectedMicros);
    }

    private Long balanceOf(String account) {
        var response = given().get("/accounts/" + account + "/balance");
        return response.statusCode() == 200 ? ((Number) response.path("balanceMicros")).longValue() : null;
    }

    private void send(String topic, EventEnvelope<?> envelope) {
        kafka.send(topic, envelope.accountId(), EventCodec.encode(envelope));
    }

    private static EventEnvelope<EventPayload> usage(String account, String requestId, Instant at, String upstream, String fee,
                                                     String margin, long totalMicros) {
        BigDecimal exact = new BigDecimal(upstream).add(new BigDecimal(fee)).add(new BigDecimal(margin));
        PriceBreakdown breakdown = new PriceBreakdown("sim@2026-01-01", List.of(), new BigDecimal(upstream), new BigDecimal(fee),
                new BigDecimal("0.10"), new BigDecimal(margin), exact, eur(totalMicros));
        return EventEnvelope.wrap(UUID.randomUUID(), account, at, null, requestId,
                new UsagePriced(requestId, at, "sim-premium", "simulator", RoutingMode.AUTO, breakdown, "premium"));
    }

    private static List<Map<String, String>> csvRows(String csv) throws IOException {
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return rows.readAll();
        }
    }

    private static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    private long queryLong(String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Map<String, Long> queryMap(String query) throws SQLException {
        Map<String, Long> values = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                values.put(result.getString(1), result.getLong(2));
            }
        }
        return values;
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "ledger", "ledger");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
